package io.motif.sampler.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.motif.diffusion.tokenizer.WordLevelTokenizer;
import io.motif.events.cloudevents.KafkaCloudEvents;
import io.motif.events.job.SamplingJob;
import io.motif.events.schema.MessageCodec;
import io.motif.jobs.Job;
import io.motif.jobs.JobCheckpoints;
import io.motif.jobs.JobContext;
import io.motif.jobs.JobOutcome;
import io.motif.jobs.ProgressReporter;
import io.motif.jobs.storage.ContentAddress;
import io.motif.jobs.storage.DirectoryBlobStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sampler's job body on the real diffusion pipeline with the parity fixture's tiny model. */
class SamplingJobBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyPromptGivesItsImagesWithParametersAndOneGridAllInStorage() throws Exception {
        DirectoryBlobStore store = new DirectoryBlobStore(dir.resolve("s3"));
        SamplingJob job = new SamplingJob("job-00000009", "concept-1", "t1", List.of(), List.of("photo of a cat",
                "photo of a dog"), 2, 2, 3.0, 5L, "dpm-solver++", "photo of a cat");
        List<String> progress = new ArrayList<>();

        JobOutcome outcome = body().run(context(job, store, progress));

        assertThat(outcome).isInstanceOf(JobOutcome.Completed.class);
        JsonNode report = JSON.readTree(outcome.records().get(0).value());
        assertThat(new String(outcome.records().get(0).headers().lastHeader(KafkaCloudEvents.TYPE).value(),
                StandardCharsets.UTF_8)).isEqualTo("concept.samples-generated.v1");
        List<String> keys = new ArrayList<>();
        report.path("imageKeys").forEach(k -> keys.add(k.asText()));
        assertThat(keys).hasSize(4).allMatch(k -> k.startsWith("tenants/t1/samples/"));

        byte[] first = store.get(keys.get(0)).orElseThrow();
        assertThat(ContentAddress.sha256(first)).isEqualTo(ContentAddress.hashOf(keys.get(0)));
        assertThat(PngWithParameters.parameters(first).orElseThrow())
                .startsWith("photo of a cat\nNegative prompt: photo of a cat\nSteps: 2, Sampler: dpm-solver++, CFG scale: 3.0, Seed: 5");
        assertThat(PngWithParameters.parameters(store.get(keys.get(2)).orElseThrow()).orElseThrow())
                .startsWith("photo of a dog").contains("Seed: 6");

        JsonNode result = JSON.readTree(((JobOutcome.Completed) outcome).result());
        BufferedImage one = ImageIO.read(new ByteArrayInputStream(first));
        BufferedImage grid = ImageIO.read(new ByteArrayInputStream(store.get(result.path("gridKey").asText()).orElseThrow()));
        assertThat(grid.getWidth()).isEqualTo(2 * one.getWidth());
        assertThat(grid.getHeight()).isEqualTo(2 * one.getHeight());
        assertThat(result.path("images")).hasSize(4);
        assertThat(result.path("gridUrl").asText()).isNotBlank();
        assertThat(progress).anyMatch(p -> p.contains("\"step\":4") && p.contains("\"totalSteps\":4"));
    }

    @Test
    void badJobsAreRejectedWithAReason() throws Exception {
        DirectoryBlobStore store = new DirectoryBlobStore(dir.resolve("s3"));
        // within the schema's bounds, beyond this worker's
        SamplingJob tooMany = new SamplingJob("job-00000010", "concept-1", "t1", List.of(), List.of("photo of a cat"),
                2, 500, 3.0, 5L, "ddim", null);
        JobOutcome outcome = body().run(context(tooMany, store, new ArrayList<>()));
        assertThat(((JobOutcome.Rejected) outcome).reason()).startsWith("steps must be between 1 and 200, was 500");
        assertThat(outcome.records().get(0).value()).contains("steps must be between");
    }

    private SamplingJobBody body() throws Exception {
        return new SamplingJobBody(new SamplingJobBody.Settings(fixtures(), dir.resolve("work"), "motif.commands",
                "motif/sampler/test", Duration.ofHours(1), tokenizer()));
    }

    private static JobContext context(SamplingJob job, DirectoryBlobStore store, List<String> progress) {
        String payload = new String(MessageCodec.encode(job), StandardCharsets.UTF_8);
        return new JobContext(new Job(job.jobId(), job.conceptId(), payload, Map.of(), 0, 0), "w1",
                new JobCheckpoints(store, "jobs", job.jobId()),
                new ProgressReporter(job.jobId(), "w1", Clock.systemUTC(), progress::add), store, () -> false);
    }

    private static Path fixtures() {
        return Path.of(System.getProperty("motif.fixtures.dir", "../../../shared/fixtures/public"));
    }

    /** The fixture model ships no tokenizer: its toy word vocabulary. */
    private static WordLevelTokenizer tokenizer() throws Exception {
        JsonNode j = JSON.readTree(fixtures().resolve("merge_prompts.json").toFile());
        Map<String, Integer> vocab = new HashMap<>();
        j.get("toy_vocab").fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
        return new WordLevelTokenizer(vocab, 998, 999, 999, 1000, 77);
    }
}
