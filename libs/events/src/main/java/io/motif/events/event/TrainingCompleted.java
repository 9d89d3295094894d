package io.motif.events.event;

import io.motif.events.MessageType;

@MessageType("concept.training-completed.v1")
public record TrainingCompleted(String conceptId, String tenant, String jobId, int attempt, String worker, int steps,
                                String deltaKey, double finalLoss) implements WorkerReport {
}
