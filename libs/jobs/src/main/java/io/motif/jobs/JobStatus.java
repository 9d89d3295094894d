package io.motif.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The terminal status of a job as written to the status topic (key = job id, compacted): the single fact every
 * worker checks before running or completing a job.
 */
public record JobStatus(String jobId, String state, String workerId, String detail, Instant time) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public String toJson() {
        ObjectNode node = JSON.createObjectNode().put("jobId", jobId).put("state", state).put("workerId", workerId)
                .put("time", time.toString());
        if (detail != null) {
            node.put("detail", detail);
        }
        return node.toString();
    }

    public static JobStatus fromJson(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return new JobStatus(node.path("jobId").asText(), node.path("state").asText(),
                    node.path("workerId").asText(), node.hasNonNull("detail") ? node.get("detail").asText() : null,
                    Instant.parse(node.path("time").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable job status: " + json, e);
        }
    }

    static JobStatus of(String jobId, JobOutcome outcome, String workerId, Instant time) {
        String detail;
        if (outcome instanceof JobOutcome.Completed c) {
            detail = c.result();
        } else if (outcome instanceof JobOutcome.Failed f) {
            detail = f.reason();
        } else if (outcome instanceof JobOutcome.Rejected r) {
            detail = r.reason();
        } else {
            throw new IllegalArgumentException("a yield is not a terminal status");
        }
        return new JobStatus(jobId, outcome.state(), workerId, detail, time);
    }
}
