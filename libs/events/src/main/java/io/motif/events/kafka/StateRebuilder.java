package io.motif.events.kafka;

import io.motif.events.cloudevents.KafkaCloudEvents;
import io.motif.events.event.ConceptEvent;
import io.motif.events.schema.InvalidMessageException;
import io.motif.events.schema.MessageCodec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads log partitions from the store's positions (the beginning, or a snapshot's offset) up to their end as of the
 * start of the call, folding every event into the store. The log was validated on the way in, so bodies are bound
 * without schema validation; a record that still cannot be read is counted and skipped, never fatal.
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
    }

    private StateRebuilder() {
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
                ConceptEvent event = readEvent(record);
                if (event == null) {
                    unreadable++;
                    continue;
                }
                String id = KafkaCloudEvents.text(record.headers(), KafkaCloudEvents.ID);
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

    private static ConceptEvent readEvent(ConsumerRecord<byte[], byte[]> record) {
        String type = KafkaCloudEvents.text(record.headers(), KafkaCloudEvents.TYPE);
        String id = KafkaCloudEvents.text(record.headers(), KafkaCloudEvents.ID);
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
