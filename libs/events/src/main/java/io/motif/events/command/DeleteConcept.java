package io.motif.events.command;

import io.motif.events.MessageType;
import io.motif.events.OptionalField;

@MessageType("concept.delete.v1")
public record DeleteConcept(String commandId, String tenant, String conceptId, @OptionalField String reason)
        implements ConceptCommand {
}
