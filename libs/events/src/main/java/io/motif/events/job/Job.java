package io.motif.events.job;

/** Work queued for a worker pool on one of the {@code motif.jobs.*} topics, keyed by concept id. */
public sealed interface Job permits RetrievalJob, TrainingJob, MergeJob, SamplingJob {
    String jobId();

    String conceptId();

    String tenant();

    /** "retrieval", "training", "merge" or "sampling": the topic suffix and the jobKind of completions. */
    String kind();
}
