package io.motif.events.event;

import io.motif.events.MessageType;

@MessageType("concept.training-failed.v1")
public record TrainingFailed(String conceptId, String tenant, String jobId, int attempt, String worker, String reason,
                             boolean retryable) implements WorkerReport {
}
