package io.motif.events.event;

import io.motif.events.MessageType;

import java.util.List;

@MessageType("concept.merge-requested.v1")
public record MergeRequested(String conceptId, String tenant, String jobId, List<String> withConceptIds)
        implements ConceptEvent {
}
