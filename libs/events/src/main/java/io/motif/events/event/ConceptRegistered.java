package io.motif.events.event;

import io.motif.events.MessageType;

@MessageType("concept.registered.v2")
public record ConceptRegistered(String conceptId, String tenant, String name, String category, String modifierToken,
                                String initializerToken) implements ConceptEvent {
}
