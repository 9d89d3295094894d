package io.motif.events.command;

import io.motif.events.MessageType;
import io.motif.events.OptionalField;

@MessageType("concept.register.v1")
public record RegisterConcept(String commandId, String tenant, String conceptId, String name, String category,
                              @OptionalField String modifierToken, @OptionalField String initializerToken)
        implements ConceptCommand {
}
