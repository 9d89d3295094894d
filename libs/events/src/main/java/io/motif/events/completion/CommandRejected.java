package io.motif.events.completion;

import io.motif.events.MessageType;
import io.motif.events.OptionalField;

/**
 * A record on {@code motif.commands} was refused and copied to {@code motif.dead-letter}. The optional fields are
 * whatever could be read from the record (nothing, for a record that is not JSON).
 */
@MessageType("command.rejected.v1")
public record CommandRejected(String commandId, String reasonCode, String reason, @OptionalField String conceptId,
                              @OptionalField String tenant, @OptionalField String commandType) implements Completion {
}
