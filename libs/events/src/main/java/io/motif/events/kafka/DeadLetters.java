package io.motif.events.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;

/**
 * A refused record, copied byte for byte to the dead-letter topic with its original headers, plus headers saying
 * why and where it came from. Operators can fix and replay it by producing the value again with the old headers.
 */
public final class DeadLetters {

    public static final String REASON_CODE = "motif.dlq.reason-code";
    public static final String REASON = "motif.dlq.reason";
    public static final String SOURCE_TOPIC = "motif.dlq.topic";
    public static final String SOURCE_PARTITION = "motif.dlq.partition";
    public static final String SOURCE_OFFSET = "motif.dlq.offset";

    private DeadLetters() {
    }

    public static ProducerRecord<byte[], byte[]> of(ConsumerRecord<byte[], byte[]> original, String deadLetterTopic,
                                                    String reasonCode, String reason) {
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(deadLetterTopic, original.key(), original.value());
        for (Header header : original.headers()) {
            letter.headers().add(header);
        }
        letter.headers().add(REASON_CODE, bytes(reasonCode));
        letter.headers().add(REASON, bytes(reason));
        letter.headers().add(SOURCE_TOPIC, bytes(original.topic()));
        letter.headers().add(SOURCE_PARTITION, bytes(Integer.toString(original.partition())));
        letter.headers().add(SOURCE_OFFSET, bytes(Long.toString(original.offset())));
        return letter;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
