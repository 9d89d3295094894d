package io.motif.events.concept;

import io.motif.events.OptionalField;

import java.util.List;

/**
 * The latest job of one kind for a concept. Training uses every field; the other kinds leave the
 * checkpoint fields empty. {@code resultKeys} holds the delta (training, merge), the regularization manifest or the
 * generated images.
 */
public record JobState(Phase phase, @OptionalField String jobId, int attempt, @OptionalField String worker,
                       int checkpointStep, @OptionalField String checkpointKey, List<String> resultKeys,
                       @OptionalField String failure) {

    public static final JobState NONE = new JobState(Phase.NONE, null, 0, null, 0, null, List.of(), null);

    public JobState requested(String newJobId, int newAttempt) {
        return new JobState(Phase.REQUESTED, newJobId, newAttempt, null, 0, null, List.of(), null);
    }

    public JobState running(int newAttempt, String newWorker) {
        return new JobState(Phase.RUNNING, jobId, newAttempt, newWorker, checkpointStep, checkpointKey, resultKeys, null);
    }

    public JobState checkpointed(String newWorker, int step, String key) {
        return new JobState(Phase.RUNNING, jobId, attempt, newWorker, step, key, resultKeys, null);
    }

    public JobState completed(String newWorker, List<String> keys) {
        return new JobState(Phase.COMPLETED, jobId, attempt, newWorker, checkpointStep, checkpointKey, List.copyOf(keys), null);
    }

    public JobState failed(String newWorker, String reason) {
        return new JobState(Phase.FAILED, jobId, attempt, newWorker, checkpointStep, checkpointKey, resultKeys, reason);
    }

    public boolean isJob(String id) {
        return id.equals(jobId);
    }
}
