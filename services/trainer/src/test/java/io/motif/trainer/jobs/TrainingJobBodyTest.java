package io.motif.trainer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.motif.diffusion.tokenizer.WordLevelTokenizer;
import io.motif.events.cloudevents.KafkaCloudEvents;
import io.motif.events.job.TrainingJob;
import io.motif.events.schema.MessageCodec;
import io.motif.jobs.Job;
import io.motif.jobs.JobCheckpoints;
import io.motif.jobs.JobContext;
import io.motif.jobs.JobOutcome;
import io.motif.jobs.ProgressReporter;
import io.motif.jobs.storage.ContentAddress;
import io.motif.jobs.storage.DirectoryBlobStore;
import io.motif.jobs.storage.FolderArchive;
import io.motif.retrieval.Selection;
import io.motif.retrieval.SelectionManifest;
import io.motif.retrieval.SelectionRequest;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer's job body on the real training engine with the parity fixture's tiny model: a job stopped mid-way
 * yields at a checkpoint in object storage, a second worker resumes it from there and completes it with a delta
 * stored content-addressed and a report for the concept's single writer; bad jobs are rejected with reasons.
 */
class TrainingJobBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private DirectoryBlobStore store;
    private List<String> imageKeys;
    /** What the bodies sent to motif.commands while their jobs ran. */
    private final List<ProducerRecord<String, String>> reports = new ArrayList<>();

    @BeforeEach
    void images() throws Exception {
        store = new DirectoryBlobStore(dir.resolve("s3"));
        imageKeys = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            imageKeys.add(ContentAddress.store(store, ContentAddress.prefix("t1", "images"), png(Color.ORANGE, i)));
        }
    }

    private static byte[] png(Color colour, int i) throws Exception {
        BufferedImage img = new BufferedImage(80, 80, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(200, 220, 240));
        g.fillRect(0, 0, 80, 80);
        g.setColor(colour);
        g.fillOval(5 + 8 * i, 10 + 5 * i, 40, 40);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        return png.toByteArray();
    }

    @Test
    void aStoppedJobYieldsAtACheckpointAndAnotherWorkerResumesAndCompletesIt() throws Exception {
        TrainingJob job = job(4, imageKeys);
        List<String> progress = new ArrayList<>();

        // worker 1 is asked to stop once step 2 is reported
        JobOutcome first = body("w1").run(context(job, "w1", progress, () -> progress.stream()
                .anyMatch(p -> p.contains("\"step\":2") && p.contains("running"))));
        assertThat(first).isInstanceOf(JobOutcome.Yielded.class);
        long yieldedAt = ((JobOutcome.Yielded) first).checkpointStep();
        assertThat(yieldedAt).isBetween(2L, 3L);

        // worker 2 (its own scratch folder, same object store) resumes from that checkpoint and finishes
        List<String> progress2 = new ArrayList<>();
        JobOutcome second = body("w2").run(context(job, "w2", progress2, () -> false));
        assertThat(second).isInstanceOf(JobOutcome.Completed.class);
        assertThat(progress2).anyMatch(p -> p.contains("\"state\":\"resumed\"") && p.contains("\"step\":" + yieldedAt));
        assertThat(progress2.stream().filter(p -> p.contains("\"state\":\"running\""))).as("only the remaining steps ran")
                .hasSize((int) (4 - yieldedAt));

        ProducerRecord<String, String> report = second.records().get(0);
        assertThat(report.topic()).isEqualTo("motif.commands");
        assertThat(report.key()).isEqualTo("concept-1");
        assertThat(type(report)).isEqualTo("concept.training-completed.v1");
        JsonNode completed = JSON.readTree(report.value());
        assertThat(completed.path("steps").asInt()).isEqualTo(4);
        assertThat(completed.path("worker").asText()).isEqualTo("w2");
        String deltaKey = completed.path("deltaKey").asText();
        assertThat(deltaKey).startsWith("tenants/t1/deltas/");

        byte[] delta = store.get(deltaKey).orElseThrow();
        assertThat(ContentAddress.sha256(delta)).isEqualTo(ContentAddress.hashOf(deltaKey));
        FolderArchive.unzip(delta, dir.resolve("delta"));
        try (var files = Files.list(dir.resolve("delta"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .anyMatch(n -> n.endsWith(".safetensors")).anyMatch(n -> n.endsWith(".json"));
        }

        // while the job ran, both workers told the concept: started (w2 resumed from w1's checkpoint), checkpoints
        List<JsonNode> started = reportsOf("concept.training-started.v1");
        assertThat(started).hasSize(2);
        assertThat(started.get(0).path("worker").asText()).isEqualTo("w1");
        assertThat(started.get(0).has("resumedFromStep")).isFalse();
        assertThat(started.get(1).path("worker").asText()).isEqualTo("w2");
        assertThat(started.get(1).path("resumedFromStep").asLong()).isEqualTo(yieldedAt);
        assertThat(started).allMatch(n -> n.path("attempt").asInt() == 1);
        List<JsonNode> checkpointed = reportsOf("concept.training-checkpointed.v1");
        assertThat(checkpointed).extracting(n -> n.path("step").asInt()).contains((int) yieldedAt)
                .allMatch(step -> step >= 1 && step <= 4);
        assertThat(checkpointed).allSatisfy(n -> assertThat(store.get(n.path("checkpointKey").asText())).isPresent());
        assertThat(reports).extracting(r -> new String(r.headers().lastHeader(KafkaCloudEvents.ID).value(),
                StandardCharsets.UTF_8)).as("ce_ids are unique per report").doesNotHaveDuplicates();
        assertThat(reports).allMatch(r -> r.topic().equals("motif.commands") && r.key().equals("concept-1"));
    }

    @Test
    void aRegularizationSetFromTheSelectionManifestIsTrainedWithPriorPreservation() throws Exception {
        List<Selection.SelectedImage> selected = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String key = ContentAddress.store(store, ContentAddress.prefix("t1", "regularization-images"),
                    png(Color.GRAY, i));
            selected.add(new Selection.SelectedImage(key, i == 1 ? "photo of a\nblack dog" : "photo of a dog", 0.9f, true));
        }
        Selection selection = new Selection("photo of a dog", "test-encoder", 3, 0.85f,
                SelectionRequest.ShortfallPolicy.FILL_WITH_BEST_BELOW, Selection.Status.COMPLETE, 3, 10, true, selected,
                "test set");
        String manifest = ContentAddress.store(store, ContentAddress.prefix("t1", "regularization-manifests"),
                SelectionManifest.toJson(selection));

        JobOutcome withPrior = body("w1").run(context(job(2, 2, manifest), "w1", new ArrayList<>(), () -> false));
        JobOutcome without = body("w2").run(context(job(2, 2, null), "w2", new ArrayList<>(), () -> false));

        JsonNode result = resultOf(withPrior);
        assertThat(result.path("regularizationImages").asInt()).isEqualTo(3);
        assertThat(resultOf(without).path("regularizationImages").asInt()).isZero();
        assertThat(result.path("deltaKey").asText()).as("class rows in the batches change what is learned")
                .isNotEqualTo(resultOf(without).path("deltaKey").asText());
        try (var cached = Files.list(dir.resolve("work-w1").resolve("cache"))) {
            assertThat(cached.count()).as("manifest + 3 class images + 4 instance images, cached by content hash")
                    .isEqualTo(8);
        }

        // an odd batch cannot be split into instance and class rows; a manifest listing nothing fails with a reason
        JobOutcome odd = body("w1").run(context(job(2, 3, manifest), "w1", new ArrayList<>(), () -> false));
        assertThat(((JobOutcome.Rejected) odd).reason()).startsWith("batch size must be even");
        String empty = ContentAddress.store(store, ContentAddress.prefix("t1", "regularization-manifests"),
                SelectionManifest.toJson(new Selection("photo of a dog", "test-encoder", 3, 0.85f,
                        SelectionRequest.ShortfallPolicy.ABOVE_THRESHOLD_ONLY, Selection.Status.SHORT, 0, 10, true, List.of(), "none")));
        JobOutcome nothing = body("w1").run(context(job(2, 2, empty), "w1", new ArrayList<>(), () -> false));
        assertThat(((JobOutcome.Failed) nothing).reason()).contains("lists no images");
    }

    @Test
    void badJobsAreRejectedWithAReasonAndReportedToTheConcept() throws Exception {
        // against the schema
        JobOutcome noImages = body("w1").run(context(job(4, List.of()), "w1", new ArrayList<>(), () -> false));
        assertThat(((JobOutcome.Rejected) noImages).reason()).contains("imageKeys");

        // against the worker's own bounds: the concept hears why
        TrainingJob hot = new TrainingJob("job-00000001", "concept-1", "t1", 1, "cat", "<new1>", "dog", imageKeys, 4,
                1, 0.5, 7L, null, null);
        JobOutcome tooHot = body("w1").run(context(hot, "w1", new ArrayList<>(), () -> false));
        assertThat(((JobOutcome.Rejected) tooHot).reason()).startsWith("learning rate must be in");
        assertThat(tooHot.records()).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo("motif.commands");
            assertThat(r.value()).contains("learning rate must be in");
            assertThat(type(r)).isEqualTo("concept.training-failed.v1");
        });
        assertThat(reports).as("a rejected job never started").isEmpty();

        JobOutcome badKey = body("w1").run(context(job(4, List.of("tenants/t1/images/not-a-hash")), "w1",
                new ArrayList<>(), () -> false));
        assertThat(((JobOutcome.Rejected) badKey).reason()).contains("not content-addressed");

        Job garbage = new Job("job-0000000x", "concept-1", "{\"jobId\":\"job-0000000x\"}", Map.of(), 0, 0);
        JobOutcome unreadable = body("w1").run(new JobContext(garbage, "w1",
                new JobCheckpoints(store, "jobs", "job-0000000x"), reporter("job-0000000x", "w1", new ArrayList<>()), store,
                () -> false));
        assertThat(((JobOutcome.Rejected) unreadable).reason()).startsWith("not a valid job.training.v1");
    }

    private TrainingJob job(int steps, List<String> keys) {
        return new TrainingJob("job-00000001", "concept-1", "t1", 1, "cat", "<new1>", "dog", keys, steps, 1, 1e-3, 7L,
                null, null);
    }

    private TrainingJob job(int steps, int batch, String regularizationManifest) {
        return new TrainingJob("job-0000000" + (regularizationManifest == null ? "a" : "b"), "concept-1", "t1", 1, "dog",
                "<new1>", "dog", imageKeys, steps, batch, 1e-3, 7L, regularizationManifest, null);
    }

    private TrainingJobBody body(String worker) throws Exception {
        return new TrainingJobBody(new TrainingJobBody.Settings(fixtures(), dir.resolve("work-" + worker), 1,
                "motif.commands", "motif/trainer/test", tokenizer(), reports::add));
    }

    private List<JsonNode> reportsOf(String type) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (ProducerRecord<String, String> r : reports) {
            if (type(r).equals(type)) {
                out.add(JSON.readTree(r.value()));
            }
        }
        return out;
    }

    private static JsonNode resultOf(JobOutcome outcome) throws Exception {
        assertThat(outcome).as(String.valueOf(outcome)).isInstanceOf(JobOutcome.Completed.class);
        return JSON.readTree(((JobOutcome.Completed) outcome).result());
    }

    private static String type(ProducerRecord<String, String> r) {
        return new String(r.headers().lastHeader(KafkaCloudEvents.TYPE).value(), StandardCharsets.UTF_8);
    }

    private JobContext context(TrainingJob job, String worker, List<String> progress, BooleanSupplier stop) {
        String payload = new String(MessageCodec.encode(job), StandardCharsets.UTF_8);
        Job record = new Job(job.jobId(), job.conceptId(), payload, Map.of(), 0, 0);
        return new JobContext(record, worker, new JobCheckpoints(store, "jobs", job.jobId()),
                reporter(job.jobId(), worker, progress), store, stop);
    }

    private static ProgressReporter reporter(String jobId, String worker, List<String> sink) {
        return new ProgressReporter(jobId, worker, Clock.systemUTC(), sink::add);
    }

    private static Path fixtures() {
        return Path.of(System.getProperty("motif.fixtures.dir", "../../../shared/fixtures/public"));
    }

    /** The fixture model ships no tokenizer: its toy word vocabulary, plus the augmentation prefixes' words. */
    private static WordLevelTokenizer tokenizer() throws Exception {
        JsonNode j = JSON.readTree(fixtures().resolve("merge_prompts.json").toFile());
        Map<String, Integer> vocab = new HashMap<>();
        j.get("toy_vocab").fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
        vocab.putIfAbsent("very", 67);
        vocab.putIfAbsent("far", 68);
        vocab.putIfAbsent("away", 69);
        vocab.putIfAbsent("zoomed", 70);
        return new WordLevelTokenizer(vocab, 998, 999, 999, 1000, 77);
    }
}
