package io.motif.retrieval.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.motif.events.event.RegularizationSelected;
import io.motif.events.job.RetrievalJob;
import io.motif.events.kafka.CloudEventRecords;
import io.motif.events.kafka.Topics;
import io.motif.events.schema.MessageCodec;
import io.motif.events.cloudevents.KafkaCloudEvents;
import io.motif.retrieval.Selection;
import io.motif.retrieval.SelectionManifest;
import io.motif.storage.ObjectKey;
import io.motif.storage.ObjectStore;
import io.motif.testing.MotifStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Corpus import → retrieval job on the real broker → manifest in the real object store and a
 * {@code concept.regularization-selected} report on {@code motif.commands}.
 */
@QuarkusTest
@WithTestResource(MotifStackResource.class)
class RetrievalFlowTest {

    @Inject
    ObjectStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static final List<String> CAPTIONS = List.of(
            "photo of a dog", "a brown dog on the beach", "photo of a red car", "a bowl of soup",
            "green circle on white", "photo of a dog sitting");

    private static Path corpus() throws IOException {
        Path dir = Files.createTempDirectory("retrieval-corpus");
        Files.createDirectories(dir.resolve("images"));
        for (int i = 0; i < CAPTIONS.size(); i++) {
            BufferedImage img = new BufferedImage(8 + i, 8, BufferedImage.TYPE_INT_RGB);
            img.setRGB(0, 0, 0x102030 * (i + 1));
            ImageIO.write(img, "png", dir.resolve("images").resolve(i + ".png").toFile());
        }
        Files.writeString(dir.resolve("images").resolve("6.png"), "not an image at all");
        Files.writeString(dir.resolve("caption.txt"), String.join("\n", CAPTIONS) + "\nbroken\n");
        return dir;
    }

    @Test
    void importedCorpusAnswersARetrievalJobWithAManifestAndAReport() throws Exception {
        given().contentType("application/json").body(Map.of("folder", corpus().toString()))
                .when().post("/retrieval/corpus")
                .then().statusCode(200).body("captions", equalTo(6)).body("refusedImages", equalTo(1));
        given().queryParam("caption", "photo of a dog").queryParam("k", 2)
                .when().get("/retrieval/query")
                .then().statusCode(200).body("images[0].caption", equalTo("photo of a dog"));

        String concept = "dog-" + UUID.randomUUID().toString().substring(0, 8);
        RetrievalJob job = new RetrievalJob(concept + "-reg", concept, "acme", "dog", "retrieved", 3);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(CloudEventRecords.of(Topics.JOBS_PREFIX + "retrieval", null, concept, job.jobId(),
                    "test", Instant.now(), job)).get();
        }

        RegularizationSelected report = awaitReport(concept);

        assertThat(report.jobId()).isEqualTo(job.jobId());
        assertThat(report.count()).isEqualTo(3);
        assertThat(report.manifestKey()).startsWith("tenants/acme/" + RetrievalJobBody.MANIFEST_KIND + "/");
        Selection manifest = SelectionManifest.fromJson(store.get(ObjectKey.parse(report.manifestKey())).orElseThrow());
        assertThat(manifest.queryCaption()).isEqualTo("photo of a dog");
        assertThat(manifest.images().get(0).caption()).isEqualTo("photo of a dog");
        assertThat(manifest.images().get(0).imageKey()).startsWith("tenants/public/" + CorpusImporter.IMAGE_KIND + "/");
        assertThat(store.exists(ObjectKey.parse(manifest.images().get(0).imageKey()))).isTrue();
        assertThat(manifest.status()).isEqualTo(Selection.Status.FILLED_BELOW_THRESHOLD);
        assertThat(manifest.images()).filteredOn(Selection.SelectedImage::aboveThreshold).hasSize(manifest.aboveThreshold());
        // the shortfall is in the event too, not only in the manifest
        assertThat(report.aboveThreshold()).isEqualTo(manifest.aboveThreshold());
        assertThat(report.note()).isEqualTo(manifest.note()).isNotBlank();
    }

    private RegularizationSelected awaitReport(String concept) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", "test-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.COMMANDS));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String type = KafkaCloudEvents.text(r.headers(), KafkaCloudEvents.TYPE);
                    if ("concept.regularization-selected.v1".equals(type)
                            && concept.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        return MessageCodec.decodeTrusted(r.value(), RegularizationSelected.class);
                    }
                }
            }
        }
        throw new AssertionError("no concept.regularization-selected report for " + concept + " within 120 s");
    }
}
