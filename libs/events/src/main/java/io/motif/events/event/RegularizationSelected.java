package io.motif.events.event;

import io.motif.events.MessageType;
import io.motif.events.OptionalField;

/**
 * {@code manifestKey} names an object listing the chosen image/caption pairs. When retrieval found fewer captions
 * above its similarity threshold than asked for, {@code aboveThreshold} says how many cleared it and {@code note}
 * says what was used instead; both are absent for generated sets and for full retrievals from older workers.
 */
@MessageType("concept.regularization-selected.v1")
public record RegularizationSelected(String conceptId, String tenant, String jobId, String worker, String source,
                                     int count, String manifestKey, @OptionalField Integer aboveThreshold,
                                     @OptionalField String note)
        implements WorkerReport {

    /** A selection that needs no explanation: every image cleared the threshold, or the images were generated. */
    public RegularizationSelected(String conceptId, String tenant, String jobId, String worker, String source,
                                  int count, String manifestKey) {
        this(conceptId, tenant, jobId, worker, source, count, manifestKey, null, null);
    }
}
