package io.motif.events.event;

import io.motif.events.MessageType;

@MessageType("concept.merge-failed.v1")
public record MergeFailed(String conceptId, String tenant, String jobId, String worker, String reason)
        implements WorkerReport {
}
