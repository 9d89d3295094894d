package io.motif.events.event;

import io.motif.events.MessageType;

/** {@code manifestKey} names an object listing the chosen image/caption pairs. */
@MessageType("concept.regularization-selected.v1")
public record RegularizationSelected(String conceptId, String tenant, String jobId, String worker, String source,
                                     int count, String manifestKey) implements WorkerReport {
}
