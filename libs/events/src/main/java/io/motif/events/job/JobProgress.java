package io.motif.events.job;

import io.motif.events.MessageType;
import io.motif.events.OptionalField;

/**
 * Sent to {@code motif.progress} (short retention) by a running worker; not part of the concept's state. A step
 * report has {@code state = "running"} with the step's loss, lr, rate and ETA; a lifecycle mark (started, resumed,
 * checkpointed, checkpoint-failed, yielded) names the step it happened at and may come before {@code totalSteps}
 * is known. Numbers that were not finite are left out.
 */
@MessageType("job.progress.v1")
public record JobProgress(String jobId, String conceptId, String tenant, String kind, String worker, int step,
                          @OptionalField Integer totalSteps, @OptionalField Double loss, @OptionalField String state,
                          @OptionalField Double lr, @OptionalField Double stepsPerSecond,
                          @OptionalField Double etaSeconds, @OptionalField String time) {
}
