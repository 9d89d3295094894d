package io.motif.merger.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.motif.events.cloudevents.KafkaCloudEvents;
import io.motif.events.concept.ConceptEvolver;
import io.motif.events.concept.ConceptState;
import io.motif.events.event.ConceptRegistered;
import io.motif.events.event.TrainingCompleted;
import io.motif.events.event.TrainingRequested;
import io.motif.events.job.MergeJob;
import io.motif.events.schema.MessageCodec;
import io.motif.jobs.Job;
import io.motif.jobs.JobCheckpoints;
import io.motif.jobs.JobContext;
import io.motif.jobs.JobOutcome;
import io.motif.jobs.ProgressReporter;
import io.motif.jobs.storage.ContentAddress;
import io.motif.jobs.storage.DirectoryBlobStore;
import io.motif.jobs.storage.FolderArchive;
import io.motif.merge.MergeOptions;
import io.motif.merger.concepts.ConceptLookup;
import io.motif.retrieval.Selection;
import io.motif.retrieval.SelectionManifest;
import io.motif.retrieval.SelectionRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The merge job body on motif-tiny with a directory blob store and concept states from a map: where captions come
 * from, and the refusals that only the merge itself can detect (different layers, no captions).
 */
class MergeJobBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String T = "acme";

    @TempDir
    static Path shared;
    private static Path model;
    private static Path captionsFile;

    @TempDir
    Path dir;

    private final Map<String, ConceptState> states = new HashMap<>();
    private final ConceptLookup lookup = id -> Optional.ofNullable(states.get(id));
    private DirectoryBlobStore store;

    /** A copy of motif-tiny, so what the model folder ships (or not) is up to this test. */
    @BeforeAll
    static void model() throws Exception {
        model = shared.resolve("motif-tiny");
        try (Stream<Path> files = Files.walk(TestDeltas.MODEL)) {
            for (Path p : files.toList()) {
                Path target = model.resolve(TestDeltas.MODEL.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        Files.deleteIfExists(model.resolve("regularization_captions.txt"));
        captionsFile = shared.resolve("captions.txt");
        List<String> lines = new ArrayList<>();
        for (String colour : new String[] {"red", "green", "blue", "yellow", "orange", "purple"}) {
            for (String shape : new String[] {"circle", "square", "triangle", "star", "heart", "cross", "ring"}) {
                lines.add("a small " + colour + " " + shape + " in the middle on a white background");
                lines.add("two large " + colour + " " + shape + "s at the bottom");
            }
        }
        Files.write(captionsFile, lines);
    }

    @Test
    void aConfiguredCaptionFileServesConceptsWithoutRegularizationSets() throws Exception {
        trained("dog", "circle", TestDeltas.write(dir.resolve("a"), "<new1>", "circle", 3, null));
        trained("cat", "square", TestDeltas.write(dir.resolve("b"), "<cat>", "square", 4, null));

        JobOutcome outcome = body(captionsFile).run(context(job("dog", "cat")));

        assertThat(outcome).isInstanceOf(JobOutcome.Completed.class);
        JsonNode result = JSON.readTree(((JobOutcome.Completed) outcome).result());
        assertThat(result.path("captionSource").asText()).isEqualTo("84 from file captions.txt");
        assertThat(result.path("captions").asInt()).isEqualTo(84);
        JsonNode report = JSON.readTree(outcome.records().get(0).value());
        // different token names: nothing is renamed
        assertThat(report.path("concepts").findValuesAsText("token")).containsExactly("<new1>", "<cat>");
        assertThat(store.exists(report.path("deltaKey").asText())).isTrue();
    }

    @Test
    void deltasOfDifferentLayersAreRefusedNamingTheConceptsNotLocalFolders() throws Exception {
        List<String> modules = TestDeltas.crossAttentionModules();
        trained("dog", "circle", TestDeltas.write(dir.resolve("a"), "<new1>", "circle", 3, null));
        trained("cat", "square", TestDeltas.write(dir.resolve("b"), "<new1>", "square", 4, modules.subList(0, 1)));

        JobOutcome outcome = body(captionsFile).run(context(job("dog", "cat")));

        String reason = ((JobOutcome.Rejected) outcome).reason();
        assertThat(reason).contains("the delta of concept cat covers different layers than the delta of concept dog")
                .doesNotContain(dir.toString());
        ProducerRecord<String, String> report = outcome.records().get(0);
        assertThat(report.topic()).isEqualTo("motif.commands");
        assertThat(report.key()).isEqualTo("dog");
        assertThat(new String(report.headers().lastHeader(KafkaCloudEvents.TYPE).value(), StandardCharsets.UTF_8))
                .isEqualTo("concept.merge-failed.v1");
        assertThat(report.value()).contains("covers different layers");
    }

    @Test
    void withoutAnyCaptionsTheMergeIsRefusedSayingWhatToDo() throws Exception {
        trained("dog", "circle", TestDeltas.write(dir.resolve("a"), "<new1>", "circle", 3, null));
        trained("cat", "square", TestDeltas.write(dir.resolve("b"), "<new1>", "square", 4, null));

        JobOutcome outcome = body(null).run(context(job("dog", "cat")));

        assertThat(((JobOutcome.Rejected) outcome).reason()).startsWith("no regularization captions")
                .contains("request regularization");
    }

    @Test
    void aRegularizationSetWithFewDistinctCaptionsIsToppedUpFromTheCaptionFile() throws Exception {
        store = new DirectoryBlobStore(dir.resolve("s3"));
        // a generated set: every image captioned with the class prompt
        List<Selection.SelectedImage> images = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            images.add(new Selection.SelectedImage("tenants/acme/images/" + ContentAddress.sha256(new byte[] {(byte) i}),
                    "photo of a circle", 1f, true));
        }
        String key = ContentAddress.store(store, "tenants/acme/regularization-manifests", SelectionManifest.toJson(
                new Selection("photo of a circle", "generated", 20, 0f,
                        SelectionRequest.ShortfallPolicy.FILL_WITH_BEST_BELOW, Selection.Status.COMPLETE, 20, 20, true,
                        images, "generated")));

        MergeCaptions.Captions captions = MergeCaptions.choose(store, Arrays.asList(key, null), captionsFile,
                model);

        assertThat(captions.lines()).hasSize(85).startsWith("photo of a circle",
                "a small red circle in the middle on a white background");
        assertThat(captions.source()).isEqualTo("1 from the regularization sets of 1 concept, 84 from file captions.txt");
    }

    @Test
    void captionsAreTakenInTurnFromEachConceptWithoutRepeats() {
        assertThat(MergeCaptions.interleave(List.of(List.of("a", "b", "c"), List.of("x", "a", "y")), 5))
                .containsExactly("a", "x", "b", "c", "y");
    }

    private MergeJobBody body(Path captions) {
        store = store != null ? store : new DirectoryBlobStore(dir.resolve("s3"));
        return new MergeJobBody(new MergeJobBody.Settings(model, dir.resolve("work"), captions, MergeOptions.exact(),
                "motif.commands", "/motif/merger/test"), lookup);
    }

    /** A trained concept whose delta folder is stored (zipped, content-addressed) as the trainer stores it. */
    private void trained(String id, String category, Path delta) throws Exception {
        store = store != null ? store : new DirectoryBlobStore(dir.resolve("s3"));
        String key = ContentAddress.store(store, ContentAddress.prefix(T, "deltas"), FolderArchive.zip(delta));
        ConceptState s = ConceptEvolver.evolve(null, new ConceptRegistered(id, T, id, category, "<new1>", "ktn"));
        s = ConceptEvolver.evolve(s, new TrainingRequested(id, T, "train-1", 1, 4, 1, 1e-4, 1));
        s = ConceptEvolver.evolve(s, new TrainingCompleted(id, T, "train-1", 1, "w", 4, key, 0.1));
        states.put(id, s);
    }

    private MergeJob job(String conceptId, String other) {
        return new MergeJob("merge-job-0001", conceptId, T, states.get(conceptId).training().resultKeys().get(0),
                List.of(other));
    }

    private JobContext context(MergeJob job) {
        String payload = new String(MessageCodec.encode(job), StandardCharsets.UTF_8);
        return new JobContext(new Job(job.jobId(), job.conceptId(), payload, Map.of(), 0, 0), "w1",
                new JobCheckpoints(store, "jobs", job.jobId()),
                new ProgressReporter(job.jobId(), "w1", Clock.systemUTC(), p -> { }), store, () -> false);
    }
}
