package io.motif.jobs;

import java.util.Map;

/**
 * One job as delivered from the job topic.
 *
 * @param id        the job id, stable across redeliveries (see {@link JobIdentity})
 * @param key       the record key (the concept id on Motif's job topics)
 * @param payload   the record value (JSON, the job's parameters)
 * @param headers   the record's headers as strings (CloudEvents attributes travel here)
 * @param partition where it came from, for the trace
 * @param offset    where it came from, for the trace
 */
public record Job(String id, String key, String payload, Map<String, String> headers, int partition, long offset) {

    public Job {
        headers = Map.copyOf(headers);
    }

    Job withId(String newId) {
        return new Job(newId, key, payload, headers, partition, offset);
    }

    public String header(String name) {
        return headers.get(name);
    }
}
