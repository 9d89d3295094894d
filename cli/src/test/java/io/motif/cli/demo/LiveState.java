package io.motif.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * A concept's state as ingestion serves it live ({@code GET /concepts/{id}}: the fold's fields at the top, the four
 * job states under {@code jobs}, plus derived keys and the log position), compared with a rebuilt
 * {@code ConceptState}: every field of the rebuild must be in the answer with the same value. Absent and null count
 * as the same (the two sides serialise optional fields differently).
 */
record LiveState(JsonNode body) {

    /** Empty when ingestion has no such concept for this tenant. */
    static Optional<LiveState> of(IngestionClient ingestion, String conceptId) {
        return ingestion.concept(conceptId).map(LiveState::new);
    }

    /** The fields of the rebuild whose live value differs (empty: the same state). */
    ObjectNode differences(JsonNode rebuilt) {
        ObjectNode differences = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = rebuilt.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode live = body.has(field.getKey()) ? body.get(field.getKey()) : body.path("jobs").get(field.getKey());
            if (!withoutNulls(field.getValue()).equals(withoutNulls(live))) {
                ObjectNode both = JsonNodeFactory.instance.objectNode();
                both.set("live", live);
                both.set("rebuilt", field.getValue());
                differences.set(field.getKey(), both);
            }
        }
        return differences;
    }

    private static JsonNode withoutNulls(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            node.fields().forEachRemaining(f -> {
                JsonNode v = withoutNulls(f.getValue());
                if (v != null) {
                    copy.set(f.getKey(), v);
                }
            });
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            node.forEach(v -> copy.add(withoutNulls(v)));
            return copy;
        }
        return node;
    }

    @Override
    public String toString() {
        return body.toString();
    }
}
