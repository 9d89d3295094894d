package io.motif.events.event;

import io.motif.events.MessageType;

@MessageType("concept.merge-completed.v1")
public record MergeCompleted(String conceptId, String tenant, String jobId, String worker, String deltaKey)
        implements WorkerReport {
}
