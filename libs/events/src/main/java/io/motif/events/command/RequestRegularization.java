package io.motif.events.command;

import io.motif.events.MessageType;

/** {@code source} is "retrieved" (real captioned images, the paper's choice) or "generated" (class images). */
@MessageType("concept.request-regularization.v1")
public record RequestRegularization(String commandId, String tenant, String conceptId, String source, int count)
        implements ConceptCommand {
}
