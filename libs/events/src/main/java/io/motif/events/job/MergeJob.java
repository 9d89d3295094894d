package io.motif.events.job;

import io.motif.events.MessageType;

import java.util.List;

/** The merger looks the other concepts' deltas up in the log (they may live on other partitions). */
@MessageType("job.merge.v1")
public record MergeJob(String jobId, String conceptId, String tenant, String deltaKey, List<String> withConceptIds)
        implements Job {
    @Override
    public String kind() {
        return "merge";
    }
}
