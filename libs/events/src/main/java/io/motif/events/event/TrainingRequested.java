package io.motif.events.event;

import io.motif.events.MessageType;

@MessageType("concept.training-requested.v1")
public record TrainingRequested(String conceptId, String tenant, String jobId, int attempt, int steps, int batchSize,
                                double learningRate, long seed) implements ConceptEvent {
}
