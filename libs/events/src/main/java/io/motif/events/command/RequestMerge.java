package io.motif.events.command;

import io.motif.events.MessageType;

import java.util.List;

@MessageType("concept.request-merge.v1")
public record RequestMerge(String commandId, String tenant, String conceptId, List<String> withConceptIds)
        implements ConceptCommand {
}
