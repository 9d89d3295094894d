package io.motif.events.event;

import io.motif.events.ImageRejection;
import io.motif.events.MessageType;

import java.util.List;

@MessageType("concept.images-rejected.v1")
public record ImagesRejected(String conceptId, String tenant, List<ImageRejection> rejections) implements ConceptEvent {
}
