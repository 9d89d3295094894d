package io.motif.events.event;

import io.motif.events.MessageType;

@MessageType("concept.regularization-requested.v1")
public record RegularizationRequested(String conceptId, String tenant, String jobId, String source, int count)
        implements ConceptEvent {
}
