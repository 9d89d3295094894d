package io.motif.events.event;

import io.motif.events.MessageType;

@MessageType("concept.training-checkpointed.v1")
public record TrainingCheckpointed(String conceptId, String tenant, String jobId, int attempt, String worker, int step,
                                   String checkpointKey) implements WorkerReport {
}
