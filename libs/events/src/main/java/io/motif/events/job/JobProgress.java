package io.motif.events.job;

import io.motif.events.MessageType;
import io.motif.events.OptionalField;

/** Sent to {@code motif.progress} (short retention) by a running worker; not part of the concept's state. */
@MessageType("job.progress.v1")
public record JobProgress(String jobId, String conceptId, String tenant, String kind, String worker, int step,
                          int totalSteps, @OptionalField Double loss) {
}
