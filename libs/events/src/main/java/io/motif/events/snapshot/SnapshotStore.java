package io.motif.events.snapshot;

import io.motif.events.Vocabulary;
import io.motif.events.cloudevents.CloudEventAttributes;
import io.motif.events.cloudevents.KafkaCloudEvents;
import io.motif.events.kafka.ConceptStore;
import io.motif.events.schema.MessageCodec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Snapshots on the compacted snapshot topic: one record per concept, keyed by concept id, holding its state and
 * the log position that state covers. A run writes every concept of the store at the store's current positions,
 * so after compaction the topic holds the newest state of every concept.
 */
public final class SnapshotStore {

    private static final String TYPE = Vocabulary.of(ConceptSnapshot.class).type();

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
                    state.conceptId().getBytes(StandardCharsets.UTF_8), MessageCodec.encode(snapshot));
            KafkaCloudEvents.write(record.headers(), new CloudEventAttributes(
                    state.conceptId() + "@" + partition + ":" + offset, TYPE, source, state.conceptId(), now));
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
        List<PartitionInfo> infos = consumer.partitionsFor(snapshotTopic);
        List<TopicPartition> tps = infos.stream().map(i -> new TopicPartition(snapshotTopic, i.partition())).toList();
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
        Set<TopicPartition> remaining = new HashSet<>();
        for (TopicPartition tp : tps) {
            if (consumer.position(tp) < ends.get(tp)) {
                remaining.add(tp);
            }
        }
        int loaded = 0;
        while (!remaining.isEmpty()) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.value() == null) {
                    continue; // a compaction tombstone: nothing to restore
                }
                ConceptSnapshot snapshot = MessageCodec.decodeTrusted(record.value(), ConceptSnapshot.class);
                store.restore(snapshot.logPartition(), snapshot.logOffset(), snapshot.state());
                loaded++;
            }
            remaining.removeIf(tp -> consumer.position(tp) >= ends.get(tp));
        }
        consumer.assign(List.of());
        return loaded;
    }
}
