package io.motif.events.completion;

import io.motif.events.MessageType;

import java.util.List;

@MessageType("job.completed.v1")
public record JobCompleted(String jobId, String conceptId, String tenant, String kind, List<String> resultKeys)
        implements Completion {
}
