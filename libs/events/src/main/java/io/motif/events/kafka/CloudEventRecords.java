package io.motif.events.kafka;

import io.motif.events.Vocabulary;
import io.motif.events.cloudevents.CloudEventAttributes;
import io.motif.events.cloudevents.KafkaCloudEvents;
import io.motif.events.schema.MessageCodec;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Builds the Kafka record of a message: JSON body, key = concept id, CloudEvents attributes in headers. */
public final class CloudEventRecords {

    private CloudEventRecords() {
    }

    /**
     * @param partition null to let the producer pick by key
     * @param key       the concept id (also {@code ce_subject}); null only where no concept is known
     */
    public static ProducerRecord<byte[], byte[]> of(String topic, Integer partition, String key, String id,
                                                    String source, Instant time, Object message) {
        byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, partition, keyBytes,
                MessageCodec.encode(message));
        KafkaCloudEvents.write(record.headers(), new CloudEventAttributes(id, Vocabulary.typeOf(message), source,
                key, time));
        return record;
    }
}
