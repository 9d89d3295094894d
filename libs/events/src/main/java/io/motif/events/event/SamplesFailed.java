package io.motif.events.event;

import io.motif.events.MessageType;

@MessageType("concept.samples-failed.v1")
public record SamplesFailed(String conceptId, String tenant, String jobId, String worker, String reason)
        implements WorkerReport {
}
