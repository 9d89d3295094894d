package io.motif.ingestion.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.motif.events.cloudevents.KafkaCloudEvents;
import io.motif.events.job.RetrievalJob;
import io.motif.events.kafka.KafkaClients;
import io.motif.events.kafka.Topics;
import io.motif.events.schema.MessageCodec;
import io.motif.storage.ObjectKey;
import io.motif.storage.ObjectStore;
import io.motif.testing.MotifStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The public API on the real stack: commands go through the broker and the single writer, images into object
 * storage, and every tenant sees only its own concepts and commands.
 */
@QuarkusTest
@WithTestResource(MotifStackResource.class)
class IngestionApiTest {
    private static final String ACME = "acme-key";
    private static final String GLOBEX = "globex-key";

    @Inject
    ObjectStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static byte[] png(int w, int h, int rgb) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, x < w / 2 ? rgb : 0xFFFFFF);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static String register(String key, String concept) {
        return given().header(ApiKeyFilter.HEADER, key).contentType("application/json")
                .body(Map.of("name", "My " + concept, "category", "dog"))
                .when().post("/concepts/" + concept)
                .then().statusCode(202).header("Location", containsString("/commands/cmd-"))
                .extract().path("commandId");
    }

    /** Polls the command's link until the single writer has decided. */
    private static JsonPath outcome(String key, String commandId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            JsonPath body = given().header(ApiKeyFilter.HEADER, key).when().get("/commands/" + commandId)
                    .then().statusCode(200).extract().jsonPath();
            if (!"pending".equals(body.getString("status"))) {
                return body;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("command " + commandId + " still pending after 120 s");
    }

    @Test
    void registerUploadAndRequestRegularization() throws Exception {
        String concept = "dog-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(outcome(ACME, register(ACME, concept)).getString("status")).isEqualTo("accepted");
        byte[] good = png(96, 80, 0x884422);
        byte[] truncated = Arrays.copyOf(png(96, 96, 0x224488), 200);

        JsonPath upload = given().header(ApiKeyFilter.HEADER, ACME)
                .multiPart("file", "dog.png", good, "image/png")
                .multiPart("file", "cut.png", truncated, "image/png")
                .multiPart("file", "cat.jpg", "<html>".getBytes(StandardCharsets.UTF_8), "image/jpeg")
                .when().post("/concepts/" + concept + "/images")
                .then().statusCode(202).extract().jsonPath();

        assertThat(upload.getList("images.outcome")).containsExactly("accepted", "rejected", "rejected");
        assertThat(upload.getList("images.reason")).containsExactly(null, "truncated", "not_an_image");
        String sha = upload.getString("images[0].sha256");
        assertThat(store.exists(new ObjectKey("acme", "images", sha))).isTrue();
        assertThat(outcome(ACME, upload.getString("commandId")).getString("status")).isEqualTo("accepted");

        String reg = given().header(ApiKeyFilter.HEADER, ACME).contentType("application/json")
                .body(Map.of("source", "retrieved", "count", 200))
                .when().post("/concepts/" + concept + "/requests/regularization")
                .then().statusCode(202).extract().path("commandId");
        assertThat(outcome(ACME, reg).getString("status")).isEqualTo("accepted");
        RetrievalJob job = awaitRetrievalJob(concept);
        assertThat(job.tenant()).isEqualTo("acme");
        assertThat(job.category()).isEqualTo("dog");
        assertThat(job.count()).isEqualTo(200);

        // the read side: accepted commands are visible at once (the read waits for the committed log end)
        JsonPath state = given().header(ApiKeyFilter.HEADER, ACME).when().get("/concepts/" + concept)
                .then().statusCode(200).extract().jsonPath();
        assertThat(state.getString("tenant")).isEqualTo("acme");
        assertThat(state.getString("category")).isEqualTo("dog");
        assertThat(state.getList("images.sha256")).containsExactly(sha);
        assertThat(state.getString("jobs.regularization.phase")).isEqualTo("requested");
        assertThat(state.getString("jobs.regularization.jobId")).isEqualTo(job.jobId());
        assertThat(state.getString("jobs.training.phase")).isEqualTo("none");
        assertThat(state.getString("asOf.topic")).isEqualTo("motif.concept-events");
        assertThat(state.getBoolean("asOf.caughtUp")).isTrue();
        assertThat(state.getLong("asOf.offset")).isPositive();

        JsonPath events = given().header(ApiKeyFilter.HEADER, ACME).queryParam("limit", 2)
                .when().get("/concepts/" + concept + "/events")
                .then().statusCode(200).extract().jsonPath();
        assertThat(events.getInt("total")).isEqualTo(3);
        assertThat(events.getList("events.type")).containsExactly("concept.registered.v2", "concept.images-added.v1");
        assertThat(events.getList("events.specversion")).containsOnly("1.0");
        assertThat(events.getList("events.subject")).containsOnly(concept);
        assertThat(events.getList("events.id")).doesNotContainNull();
        assertThat(events.getList("events.time")).doesNotContainNull();
        assertThat(events.getString("events[1].data.images[0].sha256")).isEqualTo(sha);
        List<Long> offsets = events.getList("events.offset", Long.class);
        assertThat(offsets.get(0)).isLessThan(offsets.get(1));
        JsonPath last = given().header(ApiKeyFilter.HEADER, ACME).when().get(events.getString("links.next"))
                .then().statusCode(200).extract().jsonPath();
        assertThat(last.getList("events.type")).containsExactly("concept.regularization-requested.v1");
        assertThat(last.getString("events[0].data.jobId")).isEqualTo(job.jobId());
        assertThat(last.getString("links.next")).isNull();
        given().header(ApiKeyFilter.HEADER, ACME).queryParam("limit", 0)
                .when().get("/concepts/" + concept + "/events")
                .then().statusCode(400).body("code", equalTo("invalid_page"));
    }

    @Test
    void badCommandsAndBadImagesAreRefusedWithReasons() throws Exception {
        String concept = "cat-" + UUID.randomUUID().toString().substring(0, 8);
        given().header(ApiKeyFilter.HEADER, ACME).contentType("application/json").body(Map.of("name", "no category"))
                .when().post("/concepts/" + concept)
                .then().statusCode(400).body("code", equalTo("invalid_command")).body("detail", containsString("category"));
        given().header(ApiKeyFilter.HEADER, ACME).contentType("application/json")
                .body(Map.of("source", "laion", "count", 200))
                .when().post("/concepts/" + concept + "/requests/regularization")
                .then().statusCode(400).body("code", equalTo("invalid_command"));
        given().header(ApiKeyFilter.HEADER, ACME)
                .multiPart("file", "x.gif", "GIF89a....".getBytes(StandardCharsets.US_ASCII), "image/gif")
                .when().post("/concepts/" + concept + "/images")
                .then().statusCode(422).body("images[0].reason", equalTo("unsupported_type"));
        // a well-formed command for a concept that does not exist: accepted by the API, refused by the single writer
        String orphan = given().header(ApiKeyFilter.HEADER, ACME).contentType("application/json")
                .body(Map.of("source", "retrieved", "count", 10))
                .when().post("/concepts/" + concept + "/requests/regularization")
                .then().statusCode(202).extract().path("commandId");
        JsonPath refused = outcome(ACME, orphan);
        assertThat(refused.getString("status")).isEqualTo("rejected");
        assertThat(refused.getString("reason")).isNotBlank();
    }

    @Test
    void anotherTenantsKeyNeverReachesAcmesConcept() throws Exception {
        String concept = "iso-" + UUID.randomUUID().toString().substring(0, 8);
        String registered = register(ACME, concept);
        assertThat(outcome(ACME, registered).getString("status")).isEqualTo("accepted");

        // reading acme's command: not found, not forbidden-with-details
        given().header(ApiKeyFilter.HEADER, GLOBEX).when().get("/commands/" + registered)
                .then().statusCode(404).body("detail", equalTo("no such command"));
        // registering the same concept id, adding images, requesting work: all refused by the single writer
        String reRegister = register(GLOBEX, concept);
        String images = given().header(ApiKeyFilter.HEADER, GLOBEX)
                .multiPart("file", "a.png", png(80, 80, 0x123456), "image/png")
                .when().post("/concepts/" + concept + "/images")
                .then().statusCode(202).extract().path("commandId");
        String reg = given().header(ApiKeyFilter.HEADER, GLOBEX).contentType("application/json")
                .body(Map.of("source", "retrieved", "count", 5))
                .when().post("/concepts/" + concept + "/requests/regularization")
                .then().statusCode(202).extract().path("commandId");
        // training with an empty body (every hyper-parameter defaulted), merge and samples: all refused too
        String train = given().header(ApiKeyFilter.HEADER, GLOBEX).contentType("application/json").body(Map.of())
                .when().post("/concepts/" + concept + "/requests/training")
                .then().statusCode(202).extract().path("commandId");
        String merge = given().header(ApiKeyFilter.HEADER, GLOBEX).contentType("application/json")
                .body(Map.of("withConceptIds", List.of("other-" + concept)))
                .when().post("/concepts/" + concept + "/requests/merge")
                .then().statusCode(202).extract().path("commandId");
        String samples = given().header(ApiKeyFilter.HEADER, GLOBEX).contentType("application/json")
                .body(Map.of("prompts", List.of("photo of a <new1> dog")))
                .when().post("/concepts/" + concept + "/requests/samples")
                .then().statusCode(202).extract().path("commandId");
        for (String id : List.of(reRegister, images, reg, train, merge, samples)) {
            JsonPath o = outcome(GLOBEX, id);
            assertThat(o.getString("status")).as(id).isEqualTo("rejected");
            assertThat(o.getString("reason")).doesNotContain("acme");
        }
        // reading acme's concept and its history: the same 404 as for an id nobody holds, no data
        given().header(ApiKeyFilter.HEADER, ACME).when().get("/concepts/" + concept).then().statusCode(200);
        for (String path : List.of("/concepts/" + concept, "/concepts/" + concept + "/events",
                "/concepts/" + concept + "/events?from=0&limit=1")) {
            String body = given().header(ApiKeyFilter.HEADER, GLOBEX).when().get(path)
                    .then().statusCode(404).body("detail", equalTo("no such concept")).extract().asString();
            assertThat(body).as(path).doesNotContain("acme").doesNotContain("My " + concept);
        }
        given().header(ApiKeyFilter.HEADER, GLOBEX).when().get("/concepts/nobody-" + concept)
                .then().statusCode(404).body("detail", equalTo("no such concept"));
        given().when().get("/concepts/" + concept).then().statusCode(401);
        given().when().get("/concepts/" + concept + "/events").then().statusCode(401);
        // no key, a wrong key, and a tenant key on the admin call
        given().when().get("/commands/" + registered).then().statusCode(401);
        given().header(ApiKeyFilter.HEADER, "guess").when().post("/concepts/" + concept).then().statusCode(401);
        given().header(ApiKeyFilter.HEADER, ACME).when().post("/admin/tenants/initech/keys").then().statusCode(401);
        // a key issued by the admin call works for its tenant only
        String issued = given().header(ApiKeyFilter.HEADER, "admin-key").when().post("/admin/tenants/initech/keys")
                .then().statusCode(201).extract().path("apiKey");
        given().header(ApiKeyFilter.HEADER, issued).when().get("/commands/" + registered).then().statusCode(404);
    }

    @Test
    void openApiDescribesTheEndpoints() {
        given().when().get("/q/openapi").then().statusCode(200)
                .body(containsString("/concepts/{conceptId}/images"))
                .body(containsString("/commands/{commandId}"))
                .body(containsString("/concepts/{conceptId}/events"))
                .body(containsString("A concept's current state"))
                .body(containsString("X-Api-Key"));
    }

    private RetrievalJob awaitRetrievalJob(String concept) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClients.consumer(bootstrap,
                "test-" + UUID.randomUUID()))) {
            consumer.subscribe(List.of(Topics.JOBS_PREFIX + "retrieval"));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if ("job.retrieval.v1".equals(KafkaCloudEvents.text(r.headers(), KafkaCloudEvents.TYPE))
                            && concept.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        return MessageCodec.decodeTrusted(r.value(), RetrievalJob.class);
                    }
                }
            }
        }
        throw new AssertionError("no retrieval job for " + concept);
    }
}
