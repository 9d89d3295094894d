package io.motif.events.kafka;

import io.motif.events.cloudevents.KafkaCloudEvents;
import io.motif.events.event.ConceptEvent;
import io.motif.events.schema.InvalidMessageException;
import io.motif.events.schema.MessageCodec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Reads log partitions from the store's positions (the beginning, or a snapshot's offset) up to their end as of the
 * start of the call, folding every event into the store. The log was validated on the way in, so bodies are bound
 * to their records without schema validation (and without a JSON tree); a record that still cannot be read is
 * counted and skipped, never fatal.
 * <p>
 * Partitions fold independently, so a rebuild can spread them over several consumers on their own threads: on a
 * start-up rebuild most of the time goes into the client's record parsing and the JSON binding, and both scale
 * with cores.
 */
public final class StateRebuilder {

    private static final System.Logger LOG = System.getLogger(StateRebuilder.class.getName());

    /** What one rebuild did. */
    public record Stats(long records, long applied, long duplicates, long coveredBySnapshot, long unreadable,
                        long nanos) {
        public double seconds() {
            return nanos / 1e9;
        }

        public double recordsPerSecond() {
            return nanos == 0 ? 0 : records / seconds();
        }

        /** The counts of two rebuilds that ran side by side; the time is the caller's (wall time of both). */
        Stats plus(Stats other, long wallNanos) {
            return new Stats(records + other.records, applied + other.applied, duplicates + other.duplicates,
                    coveredBySnapshot + other.coveredBySnapshot, unreadable + other.unreadable, wallNanos);
        }
    }

    private static final Stats NONE = new Stats(0, 0, 0, 0, 0, 0);

    private StateRebuilder() {
    }

    /**
     * Rebuilds the partitions with up to {@code threads} consumers side by side, each reading its share of the
     * partitions into the store (partitions of a store fold independently, see {@link ConceptStore}).
     *
     * @param consumers makes one consumer without a subscription per thread (see {@link KafkaClients#consumer});
     *                  this call closes them
     */
    public static Stats rebuild(Supplier<? extends Consumer<byte[], byte[]>> consumers, String logTopic,
                                Collection<Integer> partitions, ConceptStore store, int threads) {
        long start = System.nanoTime();
        List<List<Integer>> shares = shares(partitions, threads);
        if (shares.size() <= 1) {
            try (Consumer<byte[], byte[]> consumer = consumers.get()) {
                Stats stats = rebuild(consumer, logTopic, partitions, store);
                return stats.plus(NONE, System.nanoTime() - start);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(shares.size(), r -> {
            Thread t = new Thread(r, "state-rebuilder");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Stats>> running = new ArrayList<>();
            for (List<Integer> share : shares) {
                running.add(pool.submit(() -> {
                    try (Consumer<byte[], byte[]> consumer = consumers.get()) {
                        return rebuild(consumer, logTopic, share, store);
                    }
                }));
            }
            Stats total = NONE;
            for (Future<Stats> f : running) {
                total = total.plus(f.get(), 0);
            }
            return total.plus(NONE, System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("state rebuild interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Partitions dealt round-robin over at most {@code threads} non-empty shares, one per consumer. */
    public static List<List<Integer>> shares(Collection<Integer> partitions, int threads) {
        int n = Math.max(1, Math.min(threads, partitions.size()));
        List<List<Integer>> shares = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            shares.add(new ArrayList<>());
        }
        int i = 0;
        for (int p : partitions) {
            shares.get(i++ % n).add(p);
        }
        return shares;
    }

    /**
     * @param consumer a consumer without a subscription (see {@link KafkaClients#consumer}); this call assigns it
     *                 and leaves it unassigned
     */
    public static Stats rebuild(Consumer<byte[], byte[]> consumer, String logTopic, Collection<Integer> partitions,
                                ConceptStore store) {
        long start = System.nanoTime();
        List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(logTopic, p)).toList();
        consumer.assign(tps);
        for (TopicPartition tp : tps) {
            consumer.seek(tp, store.position(tp.partition()));
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
        Set<TopicPartition> remaining = new HashSet<>();
        for (TopicPartition tp : tps) {
            if (consumer.position(tp) < ends.get(tp)) {
                remaining.add(tp);
            }
        }
        long records = 0, applied = 0, duplicates = 0, covered = 0, unreadable = 0;
        while (!remaining.isEmpty()) {
            ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
            for (ConsumerRecord<byte[], byte[]> record : batch) {
                records++;
                String id = null;
                String type = null;
                // one pass over the headers instead of a lookup per attribute; the last header of a name wins
                for (Header header : record.headers()) {
                    if (KafkaCloudEvents.ID.equals(header.key())) {
                        id = text(header);
                    } else if (KafkaCloudEvents.TYPE.equals(header.key())) {
                        type = text(header);
                    }
                }
                ConceptEvent event = readEvent(record, id, type);
                if (event == null) {
                    unreadable++;
                    continue;
                }
                switch (store.apply(record.partition(), record.offset(), id, event)) {
                    case APPLIED -> applied++;
                    case DUPLICATE -> duplicates++;
                    case COVERED_BY_SNAPSHOT -> covered++;
                }
            }
            for (TopicPartition tp : new ArrayList<>(remaining)) {
                if (consumer.position(tp) >= ends.get(tp)) {
                    remaining.remove(tp);
                }
            }
        }
        consumer.assign(List.of());
        return new Stats(records, applied, duplicates, covered, unreadable, System.nanoTime() - start);
    }

    private static String text(Header header) {
        return header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static ConceptEvent readEvent(ConsumerRecord<byte[], byte[]> record, String id, String type) {
        if (id == null || record.value() == null) {
            LOG.log(System.Logger.Level.WARNING, "log record without ce_id or body skipped at {0}-{1}@{2}",
                    record.topic(), record.partition(), record.offset());
            return null;
        }
        try {
            Object message = MessageCodec.decodeTrusted(type, record.value());
            if (message instanceof ConceptEvent event) {
                return event;
            }
            LOG.log(System.Logger.Level.WARNING, "{0} is not a concept event; skipped at {1}-{2}@{3}", type,
                    record.topic(), record.partition(), record.offset());
        } catch (InvalidMessageException e) {
            LOG.log(System.Logger.Level.WARNING, "unreadable log record skipped at {0}-{1}@{2}: {3}", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
        }
        return null;
    }
}
