package io.motif.events.cloudevents;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * CloudEvents binary content mode for Kafka: attributes travel as {@code ce_*} headers, the body is the JSON data
 * itself. Any client (kcat, confluent-kafka, franz-go…) can produce and read these without a CloudEvents SDK.
 */
public final class KafkaCloudEvents {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";
    public static final String JSON = "application/json";

    private KafkaCloudEvents() {
    }

    public static void write(Headers headers, CloudEventAttributes ce) {
        put(headers, SPEC_VERSION, "1.0");
        put(headers, ID, ce.id());
        put(headers, TYPE, ce.type());
        put(headers, SOURCE, ce.source());
        if (ce.subject() != null) {
            put(headers, SUBJECT, ce.subject());
        }
        if (ce.time() != null) {
            put(headers, TIME, ce.time().toString());
        }
        put(headers, CONTENT_TYPE, JSON);
    }

    /**
     * @throws MissingAttributeException when a required attribute is absent or unreadable; the message says which
     */
    public static CloudEventAttributes read(Headers headers) throws MissingAttributeException {
        String spec = text(headers, SPEC_VERSION);
        if (spec == null) {
            throw new MissingAttributeException("no " + SPEC_VERSION + " header: not a CloudEvent in binary mode");
        }
        if (!spec.startsWith("1.")) {
            throw new MissingAttributeException("unsupported " + SPEC_VERSION + " " + spec);
        }
        String contentType = text(headers, CONTENT_TYPE);
        if (contentType != null && !contentType.startsWith(JSON)) {
            throw new MissingAttributeException("content-type must be " + JSON + ", was " + contentType);
        }
        Instant time = null;
        String timeText = text(headers, TIME);
        if (timeText != null) {
            try {
                time = Instant.parse(timeText);
            } catch (DateTimeParseException e) {
                throw new MissingAttributeException(TIME + " is not an RFC 3339 UTC time: " + timeText);
            }
        }
        return new CloudEventAttributes(required(headers, ID), required(headers, TYPE), required(headers, SOURCE),
                text(headers, SUBJECT), time);
    }

    /** The value of the last header with this name, or null. */
    public static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null
                : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String required(Headers headers, String name) throws MissingAttributeException {
        String value = text(headers, name);
        if (value == null || value.isEmpty()) {
            throw new MissingAttributeException("no " + name + " header");
        }
        return value;
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A record without the attributes every Motif message needs. */
    public static final class MissingAttributeException extends Exception {
        public MissingAttributeException(String message) {
            super(message);
        }
    }
}
