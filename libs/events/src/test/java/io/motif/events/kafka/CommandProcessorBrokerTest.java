package io.motif.events.kafka;

import io.motif.events.Image;
import io.motif.events.Vocabulary;
import io.motif.events.cloudevents.KafkaCloudEvents;
import io.motif.events.command.AddImages;
import io.motif.events.command.ConceptCommand;
import io.motif.events.command.RegisterConcept;
import io.motif.events.command.RequestTraining;
import io.motif.events.completion.CommandRejected;
import io.motif.events.concept.ConceptDecider;
import io.motif.events.concept.ConceptEvolver;
import io.motif.events.concept.ConceptState;
import io.motif.events.concept.Decision;
import io.motif.events.event.ConceptEvent;
import io.motif.events.event.TrainingStarted;
import io.motif.events.job.TrainingJob;
import io.motif.events.schema.MessageCodec;
import io.motif.events.snapshot.SnapshotStore;
import io.motif.stack.StackEndpoints;
import io.motif.testing.MotifStackExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The event machinery against the real KRaft broker of the shared local stack. */
@ExtendWith(MotifStackExtension.class)
class CommandProcessorBrokerTest {

    private static final String T = "acme";
    private BrokerFixture broker;

    @BeforeEach
    void topics(StackEndpoints stack) {
        broker = new BrokerFixture(stack);
    }

    @AfterEach
    void close() throws InterruptedException {
        broker.close();
    }

    static Image image(String conceptId, int i) {
        String sha = String.format("%064x", (long) conceptId.hashCode() * 31 + i);
        return new Image(T + "/concepts/" + conceptId + "/images/" + i + ".png", sha, 256, 256, "png");
    }

    static List<ConceptCommand> lifeOf(String conceptId) {
        return List.of(new RegisterConcept(conceptId + "-c1", T, conceptId, "Concept " + conceptId, "dog", null, null),
                new AddImages(conceptId + "-c2", T, conceptId, List.of(image(conceptId, 1), image(conceptId, 2))),
                new RequestTraining(conceptId + "-c3", T, conceptId, 250, 8, 8e-5, 1));
    }

    private static String type(ConsumerRecord<byte[], byte[]> r) {
        return KafkaCloudEvents.text(r.headers(), KafkaCloudEvents.TYPE);
    }

    @Test
    void aCommandBecomesEventsAJobAndCompletions() throws Exception {
        broker.startProcessor("tx-1", null);
        List<ConceptCommand> commands = lifeOf("my-dog");
        broker.send(commands.get(0));
        broker.send(commands.get(1));
        // a producer with another partitioner (kcat's CRC32) may pick another partition: it must still work
        int wrong = (LogPartitioner.partitionFor("my-dog", BrokerFixture.PARTITIONS) + 1) % BrokerFixture.PARTITIONS;
        broker.sendToPartition(wrong, commands.get(2));

        List<ConsumerRecord<byte[], byte[]>> log = broker.read(broker.topics.conceptEvents(), 3, true);
        assertThat(log).extracting(CommandProcessorBrokerTest::type)
                .containsExactly("concept.registered.v2", "concept.images-added.v1", "concept.training-requested.v1");
        assertThat(log).allSatisfy(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("my-dog");
            assertThat(KafkaCloudEvents.text(r.headers(), "ce_subject")).isEqualTo("my-dog");
            assertThat(r.partition()).isEqualTo(LogPartitioner.partitionFor("my-dog", BrokerFixture.PARTITIONS));
        });

        List<ConsumerRecord<byte[], byte[]>> jobs = broker.read(broker.topics.jobs("training"), 1, true);
        assertThat(jobs).hasSize(1);
        TrainingJob job = (TrainingJob) MessageCodec.decodeChecked(type(jobs.get(0)), jobs.get(0).value());
        assertThat(job.imageKeys()).containsExactly(image("my-dog", 1).objectKey(), image("my-dog", 2).objectKey());
        assertThat(job.jobId()).isEqualTo("train-my-dog-c3");

        List<ConsumerRecord<byte[], byte[]>> completions = broker.read(broker.topics.completions(), 3, true);
        assertThat(completions).extracting(CommandProcessorBrokerTest::type).containsOnly("command.accepted.v1").hasSize(3);
    }

    @Test
    void badRecordsBecomeDeadLettersAndRejectionsAndTheProcessorGoesOn() throws Exception {
        broker.startProcessor("tx-1", null);
        String commands = broker.topics.commands();
        RegisterConcept good = new RegisterConcept("good-0001", T, "good-dog", "Good", "dog", null, null);
        ProducerRecord<byte[], byte[]> notJson = CloudEventRecords.of(commands, null, "good-dog", "r1", "/test", null, good);
        notJson = new ProducerRecord<>(commands, null, notJson.key(), "{oops".getBytes(), notJson.headers());
        ProducerRecord<byte[], byte[]> badSchema = CloudEventRecords.of(commands, null, "Bad Id", "r2", "/test", null,
                new RegisterConcept("bad-1234", T, "Bad Id", "Bad", "dog", null, null));
        ProducerRecord<byte[], byte[]> unknownVersion = CloudEventRecords.of(commands, null, "good-dog", "r3", "/test",
                null, good);
        unknownVersion.headers().remove("ce_type");
        unknownVersion.headers().add("ce_type", "concept.register.v9".getBytes());
        ProducerRecord<byte[], byte[]> noHeaders = new ProducerRecord<>(commands, "good-dog".getBytes(),
                MessageCodec.encode(good));
        for (ProducerRecord<byte[], byte[]> r : List.of(notJson, badSchema, unknownVersion, noHeaders)) {
            broker.sendRaw(r);
        }
        broker.send(new AddImages("images-of-nobody", T, "nobody", List.of(image("nobody", 1))));
        broker.send(good);

        List<ConsumerRecord<byte[], byte[]>> dead = broker.read(broker.topics.deadLetter(), 5, true);
        assertThat(dead).extracting(r -> KafkaCloudEvents.text(r.headers(), DeadLetters.REASON_CODE))
                .containsExactlyInAnyOrder("invalid-json", "schema-violation", "unknown-type", "missing-header",
                        "state-rejected");
        assertThat(dead).allSatisfy(r -> {
            assertThat(KafkaCloudEvents.text(r.headers(), DeadLetters.REASON)).isNotBlank();
            assertThat(KafkaCloudEvents.text(r.headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo(commands);
        });

        List<ConsumerRecord<byte[], byte[]>> completions = broker.read(broker.topics.completions(), 6, true);
        Map<String, String> rejectedCodes = new HashMap<>();
        int accepted = 0;
        for (ConsumerRecord<byte[], byte[]> r : completions) {
            Object message = MessageCodec.decodeChecked(type(r), r.value());
            if (message instanceof CommandRejected rejected) {
                rejectedCodes.put(rejected.reasonCode(), rejected.commandId());
            } else {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(1);
        assertThat(rejectedCodes).containsEntry("schema-violation", "bad-1234")
                .containsEntry("state-rejected", "images-of-nobody")
                .containsEntry("unknown-type", "good-0001")
                .containsKeys("invalid-json", "missing-header");
        assertThat(broker.read(broker.topics.conceptEvents(), 1, true)).extracting(CommandProcessorBrokerTest::type)
                .containsExactly("concept.registered.v2");
    }

    @Test
    void restartedProcessorsAndConsumersRebuildTheSameState() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add("concept-" + i);
        }
        Map<String, ConceptState> expected = new TreeMap<>();
        CommandProcessor first = broker.startProcessor("tx-a", null);
        for (String id : ids) {
            for (ConceptCommand c : lifeOf(id).subList(0, 2)) {
                broker.send(c);
                expected.put(id, foldExpected(expected.get(id), c));
            }
        }
        broker.read(broker.topics.completions(), 24, true);
        broker.stop(first);

        // a consumer that has read the first half, and a snapshot of it
        ConceptStore resumed = broker.rebuild();
        assertThat(statesOf(resumed)).isEqualTo(expected);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.producer(broker.bootstrap, null))) {
            assertThat(SnapshotStore.write(producer, broker.topics.snapshots(), resumed, "/motif/test")).isEqualTo(12);
        }

        // a second processor takes over mid-stream: it must rebuild what the first one wrote before deciding
        broker.startProcessor("tx-b", null);
        for (String id : ids) {
            ConceptCommand train = lifeOf(id).get(2);
            broker.send(train);
            expected.put(id, foldExpected(expected.get(id), train));
            TrainingStarted started = new TrainingStarted(id, T, "train-" + id + "-c3", 1, "gpu-0", null);
            broker.send(started);
            expected.put(id, foldExpected(expected.get(id), started));
        }
        broker.read(broker.topics.completions(), 24 + 12, true);
        assertThat(broker.read(broker.topics.conceptEvents(), 48, true)).hasSize(48);

        assertThat(statesOf(broker.rebuild())).as("full rebuild").isEqualTo(expected);
        StateRebuilder.Stats tail = broker.rebuildInto(resumed);
        assertThat(tail.records()).as("the restarted consumer reads only the tail").isEqualTo(24);
        assertThat(statesOf(resumed)).as("restarted consumer").isEqualTo(expected);

        ConceptStore fromSnapshot = new ConceptStore();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClients.consumer(broker.bootstrap, null))) {
            assertThat(SnapshotStore.load(consumer, broker.topics.snapshots(), fromSnapshot)).isEqualTo(12);
        }
        StateRebuilder.Stats afterSnapshot = broker.rebuildInto(fromSnapshot);
        assertThat(afterSnapshot.applied()).isEqualTo(24);
        assertThat(statesOf(fromSnapshot)).as("snapshot + tail").isEqualTo(expected);
    }

    @Test
    void aCrashBetweenProcessingAndCommitYieldsEachEventExactlyOnce() throws Exception {
        AtomicBoolean crashed = new AtomicBoolean();
        CommandProcessor doomed = broker.startProcessor("tx-1", records -> {
            if (crashed.compareAndSet(false, true)) {
                throw new IllegalStateException("simulated crash before commit");
            }
        });
        List<ConceptCommand> commands = lifeOf("crash-dog");
        for (ConceptCommand c : commands) {
            broker.send(c);
        }
        broker.join(doomed);
        assertThat(doomed.failure()).hasMessageContaining("simulated crash");
        // the crashed batch reached the broker, inside a transaction that was never committed
        assertThat(broker.read(broker.topics.conceptEvents(), 1, false)).isNotEmpty();
        assertThat(broker.read(broker.topics.conceptEvents(), 0, true)).isEmpty();

        // the restarted instance (same transactional id) fences the zombie transaction and redoes the work
        broker.startProcessor("tx-1", null);
        List<ConsumerRecord<byte[], byte[]>> log = broker.read(broker.topics.conceptEvents(), 3, true);
        assertThat(log).extracting(CommandProcessorBrokerTest::type)
                .containsExactly("concept.registered.v2", "concept.images-added.v1", "concept.training-requested.v1");
        Set<String> ids = log.stream().map(r -> KafkaCloudEvents.text(r.headers(), KafkaCloudEvents.ID))
                .collect(Collectors.toSet());
        assertThat(ids).hasSize(3);
        assertThat(broker.read(broker.topics.jobs("training"), 1, true)).hasSize(1);
        assertThat(broker.read(broker.topics.completions(), 3, true)).hasSize(3);
    }

    private static ConceptState foldExpected(ConceptState state, Object message) {
        Decision decision = ConceptDecider.decide(state, message);
        assertThat(decision).isInstanceOf(Decision.Accepted.class);
        ConceptState next = state;
        for (ConceptEvent e : ((Decision.Accepted) decision).events()) {
            next = ConceptEvolver.evolve(next, e);
        }
        return next;
    }

    private static Map<String, ConceptState> statesOf(ConceptStore store) {
        Map<String, ConceptState> states = new TreeMap<>();
        store.forEach((p, s) -> states.put(s.conceptId(), s));
        return states;
    }

    @SuppressWarnings("unused")
    private static final Map<String, String> TYPES = new LinkedHashMap<>(Map.of("rejected",
            Vocabulary.of(CommandRejected.class).type()));
}
