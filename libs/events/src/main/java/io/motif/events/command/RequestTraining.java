package io.motif.events.command;

import io.motif.events.MessageType;

@MessageType("concept.request-training.v1")
public record RequestTraining(String commandId, String tenant, String conceptId, int steps, int batchSize,
                              double learningRate, long seed) implements ConceptCommand {
}
