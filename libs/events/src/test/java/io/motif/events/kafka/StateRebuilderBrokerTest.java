package io.motif.events.kafka;

import io.motif.events.concept.ConceptEvolver;
import io.motif.events.concept.ConceptState;
import io.motif.events.concept.RandomHistories;
import io.motif.events.event.ConceptEvent;
import io.motif.events.snapshot.SnapshotStore;
import io.motif.stack.StackEndpoints;
import io.motif.testing.MotifStackExtension;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The parallel rebuild and the binary snapshots against the real broker, checked against the plain fold. */
@ExtendWith(MotifStackExtension.class)
class StateRebuilderBrokerTest {

    private static final int CONCEPTS = 60;
    private BrokerFixture broker;

    @BeforeEach
    void topics(StackEndpoints stack) {
        broker = new BrokerFixture(stack);
    }

    @AfterEach
    void close() throws InterruptedException {
        broker.close();
    }

    @Test
    void aParallelRebuildOfARandomLogEqualsTheFoldOfEachConceptsHistory() throws Exception {
        RandomHistories histories = new RandomHistories(42);
        Map<String, List<ConceptEvent>> byConcept = new TreeMap<>();
        for (int c = 0; c < CONCEPTS; c++) {
            byConcept.put("concept-" + c, histories.history("concept-" + c, 1 + c % 25));
        }
        int events = appendInterleaved(byConcept, new Random(3), 0);

        Map<String, ConceptState> expected = new TreeMap<>();
        byConcept.forEach((id, history) -> expected.put(id, ConceptEvolver.replay(history)));

        ConceptStore parallel = new ConceptStore();
        StateRebuilder.Stats stats = StateRebuilder.rebuild(this::consumer, broker.topics.conceptEvents(),
                List.of(0, 1, 2), parallel, 2);
        assertThat(stats.records()).isEqualTo(events);
        assertThat(stats.applied()).isEqualTo(events);
        assertThat(states(parallel)).isEqualTo(expected);
        assertThat(states(broker.rebuild())).as("one consumer").isEqualTo(expected);

        // snapshot, a random tail, and a restart from the snapshot in parallel
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.producer(broker.bootstrap, null))) {
            assertThat(SnapshotStore.write(producer, broker.topics.snapshots(), parallel, "/motif/test"))
                    .isEqualTo(CONCEPTS);
        }
        Map<String, List<ConceptEvent>> tail = new TreeMap<>();
        for (int c = 0; c < CONCEPTS; c += 3) {
            String id = "concept-" + c;
            List<ConceptEvent> more = histories.history(id, 6).subList(1, 6); // no second registration
            tail.put(id, more);
            byConcept.get(id).addAll(more);
            expected.put(id, ConceptEvolver.replay(byConcept.get(id)));
        }
        int tailEvents = appendInterleaved(tail, new Random(4), events);

        ConceptStore restarted = new ConceptStore();
        assertThat(SnapshotStore.load(this::consumer, broker.topics.snapshots(), restarted, 2)).isEqualTo(CONCEPTS);
        StateRebuilder.Stats afterSnapshot = StateRebuilder.rebuild(this::consumer, broker.topics.conceptEvents(),
                List.of(0, 1, 2), restarted, 2);
        assertThat(afterSnapshot.applied()).isEqualTo(tailEvents);
        assertThat(states(restarted)).as("snapshot + tail").isEqualTo(expected);
        assertThat(states(broker.rebuild())).as("full replay after the tail").isEqualTo(expected);
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(KafkaClients.consumer(broker.bootstrap, null));
    }

    /** Appends the histories to the log, concepts interleaved at random, each concept's events in order. */
    private int appendInterleaved(Map<String, List<ConceptEvent>> histories, Random random, int firstId)
            throws Exception {
        List<String> pending = new ArrayList<>();
        histories.forEach((id, events) -> events.forEach(e -> pending.add(id)));
        Collections.shuffle(pending, random);
        Map<String, Integer> next = new TreeMap<>();
        int n = firstId;
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.producer(broker.bootstrap, null))) {
            awaitLeaders(producer, broker.topics.conceptEvents());
            for (String id : pending) {
                int i = next.merge(id, 1, Integer::sum) - 1;
                sends.add(producer.send(CloudEventRecords.of(broker.topics.conceptEvents(), null, id,
                        "event-" + n++, "/motif/test", Instant.now(), histories.get(id).get(i))));
            }
            producer.flush();
        }
        for (Future<RecordMetadata> send : sends) {
            send.get(); // a write that failed shows its cause here, not as a short log later
        }
        return n - firstId;
    }

    /**
     * Waits until this producer's metadata names a leader for every partition of a topic created moments ago. Once,
     * a batch for one partition of a fresh topic sat unsent until it expired (120 s) while the others were written;
     * sending only once the producer has seen every leader rules out a stale first metadata answer as the cause.
     */
    private static void awaitLeaders(Producer<byte[], byte[]> producer, String topic) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (producer.partitionsFor(topic).stream().anyMatch(p -> p.leader() == null || p.leader().isEmpty())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no leader for every partition of " + topic + " after 30 s");
            }
            Thread.sleep(100);
        }
    }

    private static Map<String, ConceptState> states(ConceptStore store) {
        Map<String, ConceptState> states = new TreeMap<>();
        store.forEach((p, s) -> states.put(s.conceptId(), s));
        return states;
    }
}
