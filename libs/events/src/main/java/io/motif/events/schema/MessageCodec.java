package io.motif.events.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.motif.events.Vocabulary;
import io.motif.events.event.Upcastable;
import io.motif.events.json.MotifJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns message records into JSON bodies and back. {@link #decodeChecked} is for input from outside (every check,
 * messages a producer can act on); {@link #decodeTrusted} is for the log, whose records were checked on the way
 * in, and skips schema validation because replay speed matters there. Both upcast old versions.
 */
public final class MessageCodec {

    private static final ObjectMapper JSON = MotifJson.mapper();
    /** Readers bound to one type skip the per-call type lookup: it matters when replaying millions of events. */
    private static final Map<Class<?>, ObjectReader> READERS = new ConcurrentHashMap<>();

    private MessageCodec() {
    }

    public static byte[] encode(Object message) {
        try {
            return JSON.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    /** Parses, validates against the type's schema, binds and upcasts. */
    public static Object decodeChecked(String type, byte[] body) throws InvalidMessageException {
        Vocabulary.Entry entry = entry(type);
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidMessageException(InvalidMessageException.INVALID_JSON,
                    "body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new InvalidMessageException(InvalidMessageException.INVALID_JSON, "body is empty");
        }
        List<String> problems = SchemaRegistry.instance().validate(type, tree);
        if (!problems.isEmpty()) {
            throw new InvalidMessageException(InvalidMessageException.SCHEMA_VIOLATION,
                    type + ": " + String.join("; ", problems));
        }
        try {
            return upcast(JSON.treeToValue(tree, entry.javaType()));
        } catch (JsonProcessingException e) {
            // the schema and the record disagree: a bug here, but the producer still deserves an answer
            throw new InvalidMessageException(InvalidMessageException.SCHEMA_VIOLATION,
                    type + ": " + e.getOriginalMessage());
        }
    }

    /** Binds a body from the log without schema validation, then upcasts. */
    public static Object decodeTrusted(String type, byte[] body) throws InvalidMessageException {
        Vocabulary.Entry entry = entry(type);
        try {
            return upcast(reader(entry.javaType()).readValue(body));
        } catch (IOException e) {
            throw new InvalidMessageException(InvalidMessageException.INVALID_JSON,
                    type + ": " + e.getMessage());
        }
    }

    public static <T> T decodeTrusted(byte[] body, Class<T> javaType) {
        try {
            return reader(javaType).readValue(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectReader reader(Class<?> javaType) {
        return READERS.computeIfAbsent(javaType, JSON::readerFor);
    }

    private static Vocabulary.Entry entry(String type) throws InvalidMessageException {
        if (type == null || type.isBlank()) {
            throw new InvalidMessageException(InvalidMessageException.MISSING_HEADER, "no ce_type header");
        }
        return Vocabulary.byType(type).orElseThrow(() -> new InvalidMessageException(
                InvalidMessageException.UNKNOWN_TYPE, "unknown type or version: " + type));
    }

    private static Object upcast(Object message) {
        Object current = message;
        while (current instanceof Upcastable old) {
            current = old.upcast();
        }
        return current;
    }
}
