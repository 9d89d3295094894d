package io.motif.events.completion;

import io.motif.events.MessageType;

@MessageType("job.failed.v1")
public record JobFailed(String jobId, String conceptId, String tenant, String kind, String reason, boolean retryable)
        implements Completion {
}
