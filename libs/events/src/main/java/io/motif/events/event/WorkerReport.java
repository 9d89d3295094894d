package io.motif.events.event;

/**
 * A fact a worker observed while running a job. Workers send these to {@code motif.commands}; the single writer
 * checks them against the concept's state (right job, current attempt) and appends them to the log, so every
 * append to the log goes through one owner.
 */
public sealed interface WorkerReport extends ConceptEvent permits RegularizationSelected, TrainingStarted,
        TrainingCheckpointed, TrainingCompleted, TrainingFailed, MergeCompleted, MergeFailed, SamplesGenerated,
        SamplesFailed {
    String jobId();

    String worker();
}
