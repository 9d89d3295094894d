package io.motif.events.command;

import io.motif.events.Image;
import io.motif.events.MessageType;

import java.util.List;

@MessageType("concept.add-images.v1")
public record AddImages(String commandId, String tenant, String conceptId, List<Image> images)
        implements ConceptCommand {
}
