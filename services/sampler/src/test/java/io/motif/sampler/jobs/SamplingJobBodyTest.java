package io.motif.sampler.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.motif.diffusion.delta.CrossAttentionWeights;
import io.motif.diffusion.delta.CustomDiffusionDelta;
import io.motif.diffusion.pipeline.StableDiffusionModel;
import io.motif.diffusion.text.ClipTextEncoder;
import io.motif.events.event.RegularizationSelected;
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
import io.motif.jobs.storage.FolderArchive;
import io.motif.retrieval.Selection;
import io.motif.retrieval.SelectionManifest;
import io.motif.training.CaptionConventions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
                "photo of a dog"), 2, 2, 3.0, 5L, "dpm-solver++", "photo of a cat", null);
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
                2, 500, 3.0, 5L, "ddim", null, null);
        JobOutcome outcome = body().run(context(tooMany, store, new ArrayList<>()));
        assertThat(((JobOutcome.Rejected) outcome).reason()).startsWith("steps must be between 1 and 200, was 500");
        assertThat(outcome.records().get(0).value()).contains("steps must be between");
    }

    @Test
    void generatedRegularizationListsTheClassImagesInARetrievalStyleManifestAndSelectsIt() throws Exception {
        DirectoryBlobStore store = new DirectoryBlobStore(dir.resolve("s3"));
        // the job names the category; the test model has no caption file, so the class prompt is the reference's
        SamplingJob job = new SamplingJob("reg-00000011", "concept-1", "t1", List.of(), List.of("dog"), 5, 2,
                6.0, 11L, "ddim", null, SamplingJob.REGULARIZATION);
        List<String> progress = new ArrayList<>();

        JobOutcome outcome = body().run(context(job, store, progress));

        assertThat(outcome).as(String.valueOf(outcome)).isInstanceOf(JobOutcome.Completed.class);
        assertThat(outcome.records()).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo("motif.commands");
            assertThat(r.key()).isEqualTo("concept-1");
            assertThat(new String(r.headers().lastHeader(KafkaCloudEvents.TYPE).value(), StandardCharsets.UTF_8))
                    .isEqualTo("concept.regularization-selected.v1");
        });
        RegularizationSelected selected = (RegularizationSelected) MessageCodec.decodeChecked(
                "concept.regularization-selected.v1", outcome.records().get(0).value().getBytes(StandardCharsets.UTF_8));
        assertThat(selected.source()).isEqualTo("generated");
        assertThat(selected.count()).isEqualTo(5);
        assertThat(selected.jobId()).isEqualTo("reg-00000011");
        assertThat(selected.manifestKey()).startsWith("tenants/t1/regularization-manifests/");

        Selection manifest = SelectionManifest.fromJson(store.get(selected.manifestKey()).orElseThrow());
        assertThat(manifest.images()).hasSize(5);
        assertThat(manifest.images()).extracting(Selection.SelectedImage::caption).containsOnly("photo of a dog");
        assertThat(manifest.images()).extracting(Selection.SelectedImage::imageKey).doesNotHaveDuplicates()
                .allMatch(k -> k.startsWith("tenants/t1/generated-class-images/"));
        byte[] first = store.get(manifest.images().get(0).imageKey()).orElseThrow();
        assertThat(PngWithParameters.parameters(first).orElseThrow()).startsWith("photo of a dog\nSteps: 2, Sampler: ddim")
                .contains("Seed: 11");
        assertThat(PngWithParameters.parameters(store.get(manifest.images().get(4).imageKey()).orElseThrow())
                .orElseThrow()).as("the second batch of four has its own seed").contains("Seed: 15");
        assertThat(progress).anyMatch(p -> p.contains("\"step\":5") && p.contains("\"totalSteps\":5"));

        // more prompts than the category is not a class-image job
        SamplingJob two = new SamplingJob("reg-00000012", "concept-1", "t1", List.of(), List.of("dog", "cat"), 5, 2,
                6.0, 11L, "ddim", null, SamplingJob.REGULARIZATION);
        JobOutcome rejected = body().run(context(two, store, new ArrayList<>()));
        assertThat(((JobOutcome.Rejected) rejected).reason()).startsWith("class images need exactly one prompt");
        assertThat(rejected.records()).as("no samples-failed for a regularization job").isEmpty();
    }

    @Test
    void twoConceptDeltasAreAppliedTogetherAndClashingTokensFailWithAReason() throws Exception {
        DirectoryBlobStore store = new DirectoryBlobStore(dir.resolve("s3"));
        String cat = storeDelta(store, "<new1>", 0.01f);
        String dog = storeDelta(store, "<new2>", -0.01f);
        SamplingJob both = new SamplingJob("job-00000013", "concept-1", "t1", List.of(cat, dog),
                List.of("photo of a <new1> cat with a <new2> dog"), 1, 2, 3.0, 5L, "ddim", null, null);
        JobOutcome outcome = body().run(context(both, store, new ArrayList<>()));
        assertThat(outcome).as(String.valueOf(outcome)).isInstanceOf(JobOutcome.Completed.class);

        String alsoNew1 = storeDelta(store, "<new1>", 0.02f);
        SamplingJob clash = new SamplingJob("job-00000014", "concept-1", "t1", List.of(cat, alsoNew1),
                List.of("photo of a <new1> cat"), 1, 2, 3.0, 5L, "ddim", null, null);
        JobOutcome failed = body().run(context(clash, store, new ArrayList<>()));
        assertThat(((JobOutcome.Failed) failed).reason()).contains("distinct tokens");
        assertThat(failed.records().get(0).value()).contains("distinct tokens");
    }

    /** A delta zip (as the trainer stores it): K/V of every layer shifted by {@code shift}, one token. */
    private String storeDelta(DirectoryBlobStore store, String token, float shift) throws Exception {
        Path folder = dir.resolve("delta-" + token.replaceAll("[<>]", "") + "-" + shift);
        try (StableDiffusionModel model = SamplerFixtures.model(); NDManager m = NDManager.newBaseManager()) {
            List<CrossAttentionWeights> layers = new ArrayList<>();
            for (String k : model.unet().names(n -> n.endsWith(".attn2.to_k.weight"))) {
                String module = k.substring(0, k.length() - ".to_k.weight".length());
                layers.add(new CrossAttentionWeights(module, model.unet().parameters().get(k).add(shift),
                        model.unet().parameters().get(module + ".to_v.weight").add(shift), null, null, null));
            }
            long dim = model.textEncoder().parameters().get(ClipTextEncoder.TOKEN_TABLE).getShape().get(1);
            try (CustomDiffusionDelta delta = CustomDiffusionDelta.of(layers,
                    Map.of(token, m.full(new Shape(dim), shift)), m)) {
                delta.write(folder);
            }
        }
        return ContentAddress.store(store, ContentAddress.prefix("t1", "deltas"), FolderArchive.zip(folder));
    }

    @Test
    void classImagesArePromptedInTheBaseModelsOwnCaptionStyle() throws Exception {
        // the fixture model, plus a caption file like motif-tiny's: its class prompt has no "photo of"
        Path model = Files.createDirectories(dir.resolve("model"));
        try (var entries = Files.list(SamplerFixtures.dir())) {
            for (Path entry : entries.toList()) {
                Files.createSymbolicLink(model.resolve(entry.getFileName()), entry.toAbsolutePath());
            }
        }
        Files.writeString(model.resolve(CaptionConventions.FILE),
                "{\"instance_prompt\": \"a {token} {class}\", \"class_prompt\": \"a {class}\", \"scale_prefixes\": false}");
        DirectoryBlobStore store = new DirectoryBlobStore(dir.resolve("s3"));
        SamplingJob job = new SamplingJob("reg-00000013", "concept-1", "t1", List.of(), List.of("dog"), 1, 2,
                6.0, 11L, "ddim", null, SamplingJob.REGULARIZATION);

        JobOutcome outcome = body(model).run(context(job, store, new ArrayList<>()));

        assertThat(outcome).as(String.valueOf(outcome)).isInstanceOf(JobOutcome.Completed.class);
        RegularizationSelected selected = (RegularizationSelected) MessageCodec.decodeChecked(
                "concept.regularization-selected.v1", outcome.records().get(0).value().getBytes(StandardCharsets.UTF_8));
        Selection manifest = SelectionManifest.fromJson(store.get(selected.manifestKey()).orElseThrow());
        assertThat(manifest.images()).extracting(Selection.SelectedImage::caption).containsExactly("a dog");
        assertThat(PngWithParameters.parameters(store.get(manifest.images().get(0).imageKey()).orElseThrow())
                .orElseThrow()).startsWith("a dog\nSteps: 2");
    }

    private SamplingJobBody body() throws Exception {
        return body(SamplerFixtures.dir());
    }

    private SamplingJobBody body(Path model) throws Exception {
        return new SamplingJobBody(new SamplingJobBody.Settings(model, dir.resolve("work"),
                "motif.commands", "motif/sampler/test", Duration.ofHours(1), SamplerFixtures.tokenizer()));
    }

    private static JobContext context(SamplingJob job, DirectoryBlobStore store, List<String> progress) {
        String payload = new String(MessageCodec.encode(job), StandardCharsets.UTF_8);
        return new JobContext(new Job(job.jobId(), job.conceptId(), payload, Map.of(), 0, 0), "w1",
                new JobCheckpoints(store, "jobs", job.jobId()),
                new ProgressReporter(job.jobId(), "w1", Clock.systemUTC(), progress::add), store, () -> false);
    }
}
