package io.motif.events.event;

import io.motif.events.MessageType;
import io.motif.events.OptionalField;

/**
 * Tombstone fact: the concept's objects under {@code removedPrefix} are to be removed from storage (images, deltas,
 * samples). The log keeps this fact, never the data; the concept id is not reused.
 */
@MessageType("concept.deleted.v1")
public record ConceptDeleted(String conceptId, String tenant, String removedPrefix, @OptionalField String reason)
        implements ConceptEvent {
}
