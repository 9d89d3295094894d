package io.motif.events.snapshot;

import io.motif.events.Vocabulary;
import io.motif.events.cloudevents.CloudEventAttributes;
import io.motif.events.cloudevents.KafkaCloudEvents;
import io.motif.events.kafka.ConceptStore;
import io.motif.events.kafka.StateRebuilder;
import io.motif.events.schema.MessageCodec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Snapshots on the compacted snapshot topic: one {@code concept.snapshot.v1} record per concept, keyed by concept
 * id, holding its state and the log position that state covers. A run writes every concept of the store at the
 * store's current positions, so after compaction the topic holds the newest state of every concept.
 * <p>
 * Records are written in the binary encoding of {@link SnapshotCodec} (content type
 * {@value SnapshotCodec#CONTENT_TYPE}) because a restart reads all of them; records in the schema's JSON form
 * ({@code application/json}, e.g. written by another client or an older writer) load too.
 */
public final class SnapshotStore {

    private static final String TYPE = Vocabulary.of(ConceptSnapshot.class).type();
    private static final byte[] BINARY = SnapshotCodec.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8);

    private SnapshotStore() {
    }

    /**
     * Writes and flushes a snapshot of every concept in the store; returns how many.
     *
     * @throws IllegalStateException if any snapshot record was not acknowledged (the run is then incomplete, and
     *                               older snapshots of those concepts stay in force)
     */
    public static int write(Producer<byte[], byte[]> producer, String snapshotTopic, ConceptStore store,
                            String source) {
        Instant now = Instant.now();
        int[] count = {0};
        AtomicReference<Exception> failure = new AtomicReference<>();
        store.forEach((partition, state) -> {
            long offset = store.position(partition);
            ConceptSnapshot snapshot = new ConceptSnapshot(partition, offset, state);
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(snapshotTopic,
                    state.conceptId().getBytes(StandardCharsets.UTF_8), SnapshotCodec.encode(snapshot));
            KafkaCloudEvents.write(record.headers(), new CloudEventAttributes(
                    state.conceptId() + "@" + partition + ":" + offset, TYPE, source, state.conceptId(), now));
            record.headers().remove(KafkaCloudEvents.CONTENT_TYPE).add(KafkaCloudEvents.CONTENT_TYPE, BINARY);
            // acknowledgements are checked once, after the flush, not send by send
            producer.send(record, (metadata, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
            count[0]++;
        });
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("snapshot run incomplete", failure.get());
        }
        return count[0];
    }

    /** Reads the whole snapshot topic (up to its end as of now) into the store; returns how many were loaded. */
    public static int load(Consumer<byte[], byte[]> consumer, String snapshotTopic, ConceptStore store) {
        List<Integer> partitions = consumer.partitionsFor(snapshotTopic).stream().map(PartitionInfo::partition)
                .toList();
        List<ConceptSnapshot> snapshots = read(consumer, snapshotTopic, partitions);
        return restore(snapshots, store);
    }

    /**
     * Like {@link #load(Consumer, String, ConceptStore)}, with the snapshot partitions read by up to
     * {@code threads} consumers side by side (decoding is most of the cost); the store is filled afterwards by the
     * calling thread.
     *
     * @param consumers makes one consumer without a subscription per thread; this call closes them
     */
    public static int load(Supplier<? extends Consumer<byte[], byte[]>> consumers, String snapshotTopic,
                           ConceptStore store, int threads) {
        // the consumer that looks the partitions up reads the first share: a consumer is slow to make
        Consumer<byte[], byte[]> first = consumers.get();
        List<Integer> partitions;
        try {
            partitions = first.partitionsFor(snapshotTopic).stream().map(PartitionInfo::partition).toList();
        } catch (RuntimeException e) {
            first.close();
            throw e;
        }
        List<List<Integer>> shares = StateRebuilder.shares(partitions, threads);
        if (shares.size() == 1) {
            try (first) {
                return restore(read(first, snapshotTopic, partitions), store);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(shares.size(), r -> {
            Thread t = new Thread(r, "snapshot-loader");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<ConceptSnapshot>>> reads = new ArrayList<>();
            for (int i = 0; i < shares.size(); i++) {
                List<Integer> share = shares.get(i);
                boolean firstShare = i == 0;
                reads.add(pool.submit(() -> {
                    try (Consumer<byte[], byte[]> consumer = firstShare ? first : consumers.get()) {
                        return read(consumer, snapshotTopic, share);
                    }
                }));
            }
            int loaded = 0;
            for (Future<List<ConceptSnapshot>> read : reads) {
                loaded += restore(read.get(), store);
            }
            return loaded;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("snapshot load interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static int restore(List<ConceptSnapshot> snapshots, ConceptStore store) {
        for (ConceptSnapshot snapshot : snapshots) {
            store.restore(snapshot.logPartition(), snapshot.logOffset(), snapshot.state());
        }
        return snapshots.size();
    }

    /** The snapshots of these partitions up to their ends as of now, oldest first within a partition. */
    private static List<ConceptSnapshot> read(Consumer<byte[], byte[]> consumer, String snapshotTopic,
                                              List<Integer> partitions) {
        List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(snapshotTopic, p)).toList();
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
        Set<TopicPartition> remaining = new HashSet<>();
        for (TopicPartition tp : tps) {
            if (consumer.position(tp) < ends.get(tp)) {
                remaining.add(tp);
            }
        }
        List<ConceptSnapshot> snapshots = new ArrayList<>();
        while (!remaining.isEmpty()) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.value() == null) {
                    continue; // a compaction tombstone: nothing to restore
                }
                snapshots.add(decode(record));
            }
            remaining.removeIf(tp -> consumer.position(tp) >= ends.get(tp));
        }
        consumer.assign(List.of());
        return snapshots;
    }

    private static ConceptSnapshot decode(ConsumerRecord<byte[], byte[]> record) {
        Header contentType = record.headers().lastHeader(KafkaCloudEvents.CONTENT_TYPE);
        if (contentType != null && Arrays.equals(contentType.value(), BINARY)) {
            return SnapshotCodec.decode(record.value());
        }
        return MessageCodec.decodeTrusted(record.value(), ConceptSnapshot.class);
    }
}
