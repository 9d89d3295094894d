package io.motif.merger.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.motif.diffusion.delta.CrossAttentionWeights;
import io.motif.diffusion.delta.CustomDiffusionDelta;
import io.motif.events.Image;
import io.motif.events.cloudevents.KafkaCloudEvents;
import io.motif.events.command.AddImages;
import io.motif.events.command.ConceptCommand;
import io.motif.events.command.RegisterConcept;
import io.motif.events.command.RequestMerge;
import io.motif.events.command.RequestRegularization;
import io.motif.events.command.RequestTraining;
import io.motif.events.concept.ConceptState;
import io.motif.events.event.MergeCompleted;
import io.motif.events.event.MergeFailed;
import io.motif.events.event.RegularizationSelected;
import io.motif.events.event.TrainingCompleted;
import io.motif.events.event.WorkerReport;
import io.motif.events.kafka.CloudEventRecords;
import io.motif.events.kafka.CommandProcessor;
import io.motif.events.kafka.ConceptStore;
import io.motif.events.kafka.KafkaClients;
import io.motif.events.kafka.StateRebuilder;
import io.motif.events.kafka.TopicCatalog;
import io.motif.events.kafka.TopicProvisioner;
import io.motif.events.kafka.Topics;
import io.motif.events.schema.MessageCodec;
import io.motif.jobs.JobIdentity;
import io.motif.jobs.JobMetrics;
import io.motif.jobs.JobWorker;
import io.motif.jobs.WorkerSettings;
import io.motif.jobs.storage.ContentAddress;
import io.motif.jobs.storage.FolderArchive;
import io.motif.jobs.storage.S3BlobStore;
import io.motif.merge.DeltaMerge;
import io.motif.merge.MergeOptions;
import io.motif.merge.TargetPrompts;
import io.motif.merger.concepts.ConceptLog;
import io.motif.retrieval.Selection;
import io.motif.retrieval.SelectionManifest;
import io.motif.retrieval.SelectionRequest;
import io.motif.stack.StackEndpoints;
import io.motif.testing.MotifStackExtension;
import io.motif.training.ModelHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merger on the real stack (KRaft broker + S3 server): concepts go through the real single writer (events'
 * command processor) as commands and worker reports, a merge request becomes a job on the merge topic, the merge job
 * worker runs {@link MergeJobBody} against motif-tiny, and its report comes back through the single writer into the
 * concept log, read by an independent consumer. Topics carry a per-class prefix so no other worker sees them.
 */
@ExtendWith(MotifStackExtension.class)
class MergeFlowTest {

    private static final int PARTITIONS = 3;
    private static final String T = "acme";
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    static Path dir;

    private static String bootstrap;
    private static Topics topics;
    private static Producer<byte[], byte[]> producer;
    private static CommandProcessor processor;
    private static Thread processorThread;
    private static ConceptLog conceptLog;
    private static JobWorker worker;
    private static SimpleMeterRegistry metrics;
    private static S3BlobStore blobs;
    private static Path deltaA;
    private static Path deltaB;
    private static String keyA;
    private static String keyB;
    private static List<String> captionsA;

    @BeforeAll
    static void stack(StackEndpoints stack) throws Exception {
        bootstrap = stack.kafkaBootstrapServers();
        topics = new Topics("merge-" + UUID.randomUUID().toString().substring(0, 8) + ".");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicProvisioner.ensureTopics(admin, TopicCatalog.load(), topics, PARTITIONS);
        }
        blobs = S3BlobStore.connect(stack.s3Endpoint(), stack.accessKey(), stack.secretKey(), stack.bucket());
        blobs.ensureBucket();
        producer = new KafkaProducer<>(KafkaClients.producer(bootstrap, null));

        processor = new CommandProcessor(new CommandProcessor.Settings(bootstrap, topics, topics.prefix() + "writer",
                topics.prefix() + "writer-tx", "/motif/test/writer", PARTITIONS), Clock.systemUTC());
        processorThread = new Thread(processor, "single-writer");
        processorThread.start();

        conceptLog = new ConceptLog(bootstrap, topics.conceptEvents());
        metrics = new SimpleMeterRegistry();
        MergeJobBody body = new MergeJobBody(new MergeJobBody.Settings(TestDeltas.MODEL, dir.resolve("work"), null,
                MergeOptions.exact(), topics.commands(), "/motif/merger/test"), conceptLog);
        worker = new JobWorker(WorkerSettings.of(bootstrap, topics.prefix() + "merger", "merger-test",
                topics.jobs("merge"), topics.jobsStatus(), topics.progress()).withSessionTimeout(Duration.ofSeconds(10)),
                JobIdentity.jsonFields("jobId", List.of("conceptId", "tenant"), Map.of("kind", "merge")), body, blobs,
                "jobs", new JobMetrics(metrics, "merge")).start();

        deltaA = TestDeltas.write(dir.resolve("delta-a"), "<new1>", "circle", 1, null);
        deltaB = TestDeltas.write(dir.resolve("delta-b"), "<new1>", "square", 2, null);
        keyA = ContentAddress.store(blobs, ContentAddress.prefix(T, "deltas"), FolderArchive.zip(deltaA));
        keyB = ContentAddress.store(blobs, ContentAddress.prefix(T, "deltas"), FolderArchive.zip(deltaB));
        captionsA = shapesCaptions();

        // a and b trained (a with a regularization set), c trained by another tenant, d registered only,
        // e and f trained to ask for the merges that must be refused
        trainedConcept("concept-a", T, "circle", keyA, captionsA);
        trainedConcept("concept-b", T, "square", keyB, null);
        trainedConcept("concept-c", "other", "star", keyB, null);
        register("concept-d", T, "heart");
        trainedConcept("concept-e", T, "circle", keyA, null);
        trainedConcept("concept-f", T, "circle", keyA, null);
        awaitLog(r -> type(r).equals("concept.training-completed.v1"), 5);
    }

    @AfterAll
    static void close() throws Exception {
        if (worker != null) {
            worker.close();
        }
        if (processor != null) {
            processor.stop();
            processorThread.join(30_000);
        }
        if (conceptLog != null) {
            conceptLog.close();
        }
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    void twoTrainedConceptsMergeIntoOneStoredDeltaThatSamplingThenUses() throws Exception {
        send(new RequestMerge("merge-cmd-ab", T, "concept-a", List.of("concept-b")));

        ConsumerRecord<byte[], byte[]> record = awaitLog(r -> type(r).equals("concept.merge-completed.v1")
                && subject(r).equals("concept-a"), 1).get(0);
        MergeCompleted completed = (MergeCompleted) MessageCodec.decodeChecked(type(record), record.value());
        assertThat(completed.jobId()).isEqualTo("merge-merge-cmd-ab");
        assertThat(completed.worker()).isEqualTo("merger-test");
        assertThat(completed.deltaKey()).startsWith("tenants/acme/deltas/");
        // both deltas called their token <new1>: the merged delta renames them, and the event says which is which
        assertThat(completed.concepts()).containsExactly(
                new MergeCompleted.MergedConcept("concept-a", "<new1>", "circle"),
                new MergeCompleted.MergedConcept("concept-b", "<new2>", "square"));
        List<String> modules = TestDeltas.crossAttentionModules();
        assertThat(completed.layers()).hasSize(2 * modules.size())
                .allSatisfy(l -> assertThat(l.constraintResidual()).isLessThan(1e-6))
                .allSatisfy(l -> assertThat(l.maxAbsChange()).isGreaterThan(0));

        // the stored delta is what libs/merge gives for the same inputs and captions (a's regularization set)
        byte[] zip = blobs.get(completed.deltaKey()).orElseThrow();
        assertThat(ContentAddress.sha256(zip)).isEqualTo(ContentAddress.hashOf(completed.deltaKey()));
        Path stored = dir.resolve("stored");
        FolderArchive.unzip(zip, stored);
        Path direct = dir.resolve("direct");
        DeltaMerge.Result expected = DeltaMerge.run(new DeltaMerge.Request(TestDeltas.MODEL, ModelHash.of(TestDeltas.MODEL),
                List.of(new DeltaMerge.Input(deltaA, List.of("circle")), new DeltaMerge.Input(deltaB, List.of("square"))),
                captionsA, TargetPrompts.A_PHOTO_OF, MergeOptions.exact(), direct), null);
        assertThat(completed.layers()).extracting(MergeCompleted.MergedLayer::name)
                .containsExactlyElementsOf(expected.layers().stream().map(l -> l.layer()).toList());
        for (int i = 0; i < expected.layers().size(); i++) {
            assertThat(completed.layers().get(i).constraintResidual())
                    .isCloseTo(expected.layers().get(i).constraintResidual(), org.assertj.core.data.Offset.offset(1e-12));
        }
        try (NDManager manager = NDManager.newBaseManager();
             CustomDiffusionDelta got = CustomDiffusionDelta.read(stored, manager);
             CustomDiffusionDelta want = CustomDiffusionDelta.read(direct, manager)) {
            assertThat(got.tokens()).containsOnlyKeys("<new1>", "<new2>");
            assertThat(got.layers()).hasSize(modules.size());
            for (CrossAttentionWeights w : got.layers()) {
                CrossAttentionWeights v = want.layers().stream().filter(x -> x.module().equals(w.module()))
                        .findFirst().orElseThrow();
                assertThat(w.toK().sub(v.toK()).abs().max().getFloat()).isLessThan(1e-6f);
                assertThat(w.toV().sub(v.toV()).abs().max().getFloat()).isLessThan(1e-6f);
            }
        }
        String manifest = Files.readString(stored.resolve("manifest.json"));
        assertThat(manifest).contains(keyA).contains(keyB).contains("regularization sets of 1 concept")
                .doesNotContain(dir.toString());

        // a fresh fold of the log sends the concept's sampling to the merged delta
        ConceptStore rebuilt = new ConceptStore();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClients.consumer(bootstrap, null))) {
            StateRebuilder.rebuild(consumer, topics.conceptEvents(), List.of(0, 1, 2), rebuilt);
        }
        ConceptState a = rebuilt.find("concept-a");
        assertThat(a.currentDeltaKey()).isEqualTo(completed.deltaKey());
        assertThat(rebuilt.find("concept-b").currentDeltaKey()).isEqualTo(keyB);
        assertThat(metrics.find("motif.jobs.duration").tag("outcome", "completed").timer().count()).isEqualTo(1);
    }

    @Test
    void mergesWithAnUntrainedUnknownOrOtherTenantsConceptAreRefusedWithTheReason() throws Exception {
        send(new RequestMerge("merge-cmd-ed", T, "concept-e", List.of("concept-d")));
        send(new RequestMerge("merge-cmd-fc", T, "concept-f", List.of("concept-c")));

        List<ConsumerRecord<byte[], byte[]>> failed = awaitLog(r -> type(r).equals("concept.merge-failed.v1"), 2);
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : failed) {
            MergeFailed f = (MergeFailed) MessageCodec.decodeChecked(type(r), r.value());
            reasons.add(f.conceptId() + ": " + f.reason());
        }
        assertThat(reasons).containsExactlyInAnyOrder(
                "concept-e: concept concept-d has no completed training (its training is none)",
                "concept-f: concept concept-c belongs to another tenant");

        // the concept may ask again once the merge failed; an unknown concept is refused the same way
        send(new RequestMerge("merge-cmd-eg", T, "concept-e", List.of("concept-ghost")));
        assertThat(awaitLog(r -> type(r).equals("concept.merge-failed.v1"), 3))
                .anySatisfy(r -> assertThat(new String(r.value())).contains("concept concept-ghost is not registered"));
        assertThat(metrics.find("motif.jobs.duration").tag("outcome", "rejected").timer().count()).isEqualTo(3);
    }

    // --- the concepts' lives, as commands and worker reports to the single writer

    private static void register(String id, String tenant, String category) {
        send(new RegisterConcept(id + "-register", tenant, id, "Concept " + id, category, null, null));
    }

    private static void trainedConcept(String id, String tenant, String category, String deltaKey,
                                       List<String> regularizationCaptions) throws Exception {
        register(id, tenant, category);
        String sha = ContentAddress.sha256(id.getBytes());
        send(new AddImages(id + "-images", tenant, id, List.of(new Image("tenants/" + tenant + "/images/" + sha, sha,
                64, 64, "png"))));
        if (regularizationCaptions != null) {
            send(new RequestRegularization(id + "-regularize", tenant, id, "retrieved", regularizationCaptions.size()));
            String manifestKey = ContentAddress.store(blobs, ContentAddress.prefix(tenant, "regularization-manifests"),
                    SelectionManifest.toJson(selection(category, regularizationCaptions)));
            send(new RegularizationSelected(id, tenant, "reg-" + id + "-regularize", "retrieval-test", "retrieved",
                    regularizationCaptions.size(), manifestKey));
        }
        send(new RequestTraining(id + "-train", tenant, id, 4, 1, 1e-4, 1));
        send(new TrainingCompleted(id, tenant, "train-" + id + "-train", 1, "trainer-test", 4, deltaKey, 0.1));
    }

    private static Selection selection(String category, List<String> captions) {
        List<Selection.SelectedImage> images = new ArrayList<>();
        for (int i = 0; i < captions.size(); i++) {
            String sha = ContentAddress.sha256(("reg" + i).getBytes());
            images.add(new Selection.SelectedImage("tenants/public/regularization-images/" + sha, captions.get(i),
                    0.9f, true));
        }
        return new Selection("photo of a " + category, "motif-tiny", captions.size(), 0.85f,
                SelectionRequest.ShortfallPolicy.FILL_WITH_BEST_BELOW, Selection.Status.COMPLETE, captions.size(),
                captions.size(), true, images, "test selection");
    }

    /** Ordinary shapes-world captions in the words motif-tiny's tokenizer knows. */
    private static List<String> shapesCaptions() {
        String[] colours = {"red", "green", "blue", "yellow", "orange", "purple"};
        String[] shapes = {"circle", "square", "triangle", "star", "heart", "cross", "ring"};
        String[] places = {"in the top left corner", "in the middle", "at the bottom", "on the right", "on the left"};
        String[] backgrounds = {"white", "black", "gray"};
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            out.add((i % 3 == 0 ? "a small " : i % 3 == 1 ? "a large " : "two ") + colours[i % colours.length] + " "
                    + shapes[(i / 2) % shapes.length] + (i % 3 == 2 ? "s " : " ") + places[(i / 3) % places.length]
                    + " on a " + backgrounds[(i / 5) % backgrounds.length] + " background");
        }
        return out;
    }

    private static void send(Object message) {
        String conceptId = message instanceof ConceptCommand c ? c.conceptId() : ((WorkerReport) message).conceptId();
        producer.send(CloudEventRecords.of(topics.commands(), null, conceptId, UUID.randomUUID().toString(),
                "/test/client", Instant.now(), message));
        producer.flush();
    }

    // --- an independent reader of the concept log

    private static List<ConsumerRecord<byte[], byte[]>> awaitLog(Predicate<ConsumerRecord<byte[], byte[]>> match,
                                                                 int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClients.consumer(bootstrap, null))) {
            List<TopicPartition> tps = consumer.partitionsFor(topics.conceptEvents()).stream()
                    .map(p -> new TopicPartition(topics.conceptEvents(), p.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(r)) {
                        found.add(r);
                    }
                }
            }
        }
        assertThat(found).as("matching log records within " + WAIT + "; processor failure: " + processor.failure()
                + ", worker failure: " + worker.failure()).hasSizeGreaterThanOrEqualTo(count);
        return found;
    }

    private static String type(ConsumerRecord<byte[], byte[]> r) {
        return KafkaCloudEvents.text(r.headers(), KafkaCloudEvents.TYPE);
    }

    private static String subject(ConsumerRecord<byte[], byte[]> r) {
        return KafkaCloudEvents.text(r.headers(), "ce_subject");
    }
}
