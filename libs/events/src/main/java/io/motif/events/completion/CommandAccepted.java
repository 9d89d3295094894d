package io.motif.events.completion;

import io.motif.events.MessageType;

import java.util.List;

@MessageType("command.accepted.v1")
public record CommandAccepted(String commandId, String conceptId, String tenant, String commandType,
                              List<String> eventIds) implements Completion {
}
