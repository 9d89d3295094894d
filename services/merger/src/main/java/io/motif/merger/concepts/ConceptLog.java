package io.motif.merger.concepts;

import io.motif.events.concept.ConceptState;
import io.motif.events.kafka.ConceptStore;
import io.motif.events.kafka.KafkaClients;
import io.motif.events.kafka.StateRebuilder;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;

/**
 * The merger's fold of the whole concept log: every partition of {@code motif.concept-events}, read_committed,
 * caught up to the log's end before each lookup.
 *
 * <p>Why the merger reads the log: a merge job names the other concepts by id only, and their events live on other
 * log partitions, owned by other single-writer instances. Folding the log (the same {@link ConceptStore} and
 * {@link StateRebuilder} the single writer uses) keeps the merger free of calls to other services, and the log is
 * the one source of truth. Why catch up at lookup time rather than follow the log in the background: the single
 * writer appends {@code concept.merge-requested} and enqueues the job in one transaction, so when the worker holds
 * the job, every event committed before the request (in particular the other concepts' completed trainings) is below
 * the end offsets read now. A lookup therefore never answers from a fold that lags behind the job.
 *
 * <p>Cost: the first lookup replays the whole log (snapshots are not used yet); later ones read only what was
 * appended since. Not shared between threads without this class's lock: lookups are serialised.
 */
public final class ConceptLog implements ConceptLookup, AutoCloseable {

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final ConceptStore store = new ConceptStore();

    /** @param topic the concept log, normally {@code motif.concept-events} */
    public ConceptLog(String bootstrap, String topic) {
        this.consumer = new KafkaConsumer<>(KafkaClients.consumer(bootstrap, null));
        this.topic = topic;
    }

    @Override
    public synchronized Optional<ConceptState> find(String conceptId) {
        catchUp();
        return Optional.ofNullable(store.find(conceptId));
    }

    /** Folds everything appended to any partition since the last call, up to the end offsets as of now. */
    public synchronized StateRebuilder.Stats catchUp() {
        List<Integer> partitions = consumer.partitionsFor(topic).stream().map(PartitionInfo::partition).toList();
        return StateRebuilder.rebuild(consumer, topic, partitions, store);
    }

    /** Concepts folded so far. */
    public synchronized int size() {
        return store.size();
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
