package io.motif.events.event;

import io.motif.events.MessageType;
import io.motif.events.OptionalField;

/** A worker took the job; {@code resumedFromStep} is set when it continued from a checkpoint after a crash. */
@MessageType("concept.training-started.v1")
public record TrainingStarted(String conceptId, String tenant, String jobId, int attempt, String worker,
                              @OptionalField Integer resumedFromStep) implements WorkerReport {
}
