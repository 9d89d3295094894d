package io.motif.events.event;

import io.motif.events.Image;
import io.motif.events.MessageType;

import java.util.List;

@MessageType("concept.images-added.v1")
public record ImagesAdded(String conceptId, String tenant, List<Image> images) implements ConceptEvent {
}
