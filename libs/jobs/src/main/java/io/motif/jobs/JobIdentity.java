package io.motif.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a worker names the job in a record, and which of its fields every progress record repeats. Motif's job
 * topics are keyed by concept id (all records of one job share a key, so one partition owner holds them) and carry
 * the job id in the JSON body; the protocol tests key records by job id.
 */
public interface JobIdentity {

    /** The job id, or null when the record has none (the job is then rejected, never run). */
    String jobId(String key, String payload);

    /** Fields copied from the job into each of its progress records (e.g. conceptId, tenant, kind). */
    default Map<String, String> progressFields(String key, String payload) {
        return Map.of();
    }

    JobIdentity RECORD_KEY = (key, payload) -> key;

    /** The job id from a JSON field of the body, and the named fields copied into progress records. */
    static JobIdentity jsonFields(String idField, List<String> progressFields) {
        return jsonFields(idField, progressFields, Map.of());
    }

    /**
     * As {@link #jsonFields(String, List)}, plus fields that are the same for every job of this worker (the job
     * {@code kind} the progress schema requires, which the job body does not carry).
     */
    static JobIdentity jsonFields(String idField, List<String> progressFields, Map<String, String> constantFields) {
        ObjectMapper json = new ObjectMapper();
        return new JobIdentity() {
            @Override
            public String jobId(String key, String payload) {
                JsonNode node = parse(payload);
                return node.hasNonNull(idField) ? node.get(idField).asText() : null;
            }

            @Override
            public Map<String, String> progressFields(String key, String payload) {
                JsonNode node = parse(payload);
                Map<String, String> fields = new LinkedHashMap<>(constantFields);
                for (String name : progressFields) {
                    if (node.hasNonNull(name)) {
                        fields.put(name, node.get(name).asText());
                    }
                }
                return fields;
            }

            private JsonNode parse(String payload) {
                try {
                    return payload == null ? json.createObjectNode() : json.readTree(payload);
                } catch (IOException e) {
                    return json.createObjectNode(); // unreadable: no id, so the job is rejected with a reason
                }
            }
        };
    }
}
