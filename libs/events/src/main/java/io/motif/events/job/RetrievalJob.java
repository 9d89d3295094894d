package io.motif.events.job;

import io.motif.events.MessageType;

@MessageType("job.retrieval.v1")
public record RetrievalJob(String jobId, String conceptId, String tenant, String category, String source, int count)
        implements Job {
    @Override
    public String kind() {
        return "retrieval";
    }
}
