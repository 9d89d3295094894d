package io.motif.events.cloudevents;

import java.time.Instant;
import java.util.Objects;

/**
 * The CloudEvents 1.0 context attributes Motif uses. {@code subject} is the concept id (the Kafka key), {@code type}
 * the versioned message type, {@code id} unique per source (consumers drop a second record with the same id).
 */
public record CloudEventAttributes(String id, String type, String source, String subject, Instant time) {

    public CloudEventAttributes {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
    }
}
