package io.motif.events.event;

import io.motif.events.ConceptDefaults;
import io.motif.events.MessageType;

/**
 * The first version of "registered", written before concepts chose their tokens. Logs that hold it stay
 * readable: it is upcast to {@link ConceptRegistered} with the defaults every v1 concept was trained with.
 */
@MessageType("concept.registered.v1")
public record ConceptRegisteredV1(String conceptId, String tenant, String name, String category) implements Upcastable {
    @Override
    public ConceptRegistered upcast() {
        return new ConceptRegistered(conceptId, tenant, name, category, ConceptDefaults.MODIFIER_TOKEN,
                ConceptDefaults.INITIALIZER_TOKEN);
    }
}
