package io.motif.events.kafka;

import io.motif.events.concept.ConceptEvolver;
import io.motif.events.concept.ConceptState;
import io.motif.events.event.ConceptRegistered;
import io.motif.events.event.RegularizationRequested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConceptStoreTest {

    private final ConceptRegistered registered = new ConceptRegistered("c-1", "acme", "n", "dog", "<new1>", "ktn");
    private final RegularizationRequested requested = new RegularizationRequested("c-1", "acme", "reg-1", "retrieved", 5);

    @Test
    void aSecondRecordWithTheSameEventIdIsNotFoldedAgain() {
        ConceptStore store = new ConceptStore();
        assertThat(store.apply(0, 0, "e1", registered)).isEqualTo(ConceptStore.Outcome.APPLIED);
        assertThat(store.apply(0, 1, "e2", requested)).isEqualTo(ConceptStore.Outcome.APPLIED);
        assertThat(store.apply(0, 2, "e2", requested)).isEqualTo(ConceptStore.Outcome.DUPLICATE);
        assertThat(store.get(0, "c-1").version()).isEqualTo(2);
        assertThat(store.position(0)).isEqualTo(3);
    }

    @Test
    void eventsASnapshotCoversAreSkippedAndReadingStartsAtTheSnapshot() {
        ConceptState snapshot = ConceptEvolver.replay(List.of(registered));
        ConceptStore store = new ConceptStore();
        store.restore(4, 10, snapshot);
        assertThat(store.position(4)).isEqualTo(10);
        assertThat(store.position(5)).isZero();
        assertThat(store.apply(4, 9, "old", requested)).isEqualTo(ConceptStore.Outcome.COVERED_BY_SNAPSHOT);
        assertThat(store.apply(4, 10, "new", requested)).isEqualTo(ConceptStore.Outcome.APPLIED);
        assertThat(store.find("c-1").regularization().jobId()).isEqualTo("reg-1");
    }

    @Test
    void logPartitionsFollowKafkasKeyedPartitioning() {
        // murmur2 as in Kafka's BuiltInPartitioner; the same key always lands in the same partition
        assertThat(LogPartitioner.partitionFor("my-dog", 12)).isEqualTo(LogPartitioner.partitionFor("my-dog", 12));
        assertThat(org.apache.kafka.clients.producer.internals.BuiltInPartitioner.partitionForKey(
                "my-dog".getBytes(java.nio.charset.StandardCharsets.UTF_8), 12))
                .isEqualTo(LogPartitioner.partitionFor("my-dog", 12));
    }
}
