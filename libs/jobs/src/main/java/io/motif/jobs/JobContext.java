package io.motif.jobs;

import io.motif.jobs.storage.BlobStore;
import java.io.IOException;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** What a job body sees of its worker: the job, its checkpoints, a progress reporter and the stop signal. */
public final class JobContext {

    private final Job job;
    private final String workerId;
    private final JobCheckpoints checkpoints;
    private final ProgressReporter progress;
    private final BlobStore blobs;
    private final BooleanSupplier stopRequested;

    public JobContext(Job job, String workerId, JobCheckpoints checkpoints, ProgressReporter progress,
                      BlobStore blobs, BooleanSupplier stopRequested) {
        this.job = job;
        this.workerId = workerId;
        this.checkpoints = checkpoints;
        this.progress = progress;
        this.blobs = blobs;
        this.stopRequested = stopRequested;
    }

    public Job job() {
        return job;
    }

    public String workerId() {
        return workerId;
    }

    /** True once the worker wants the job back (SIGTERM, or its partition moved): checkpoint and yield. */
    public boolean shouldStop() {
        return stopRequested.getAsBoolean();
    }

    public JobCheckpoints checkpoints() {
        return checkpoints;
    }

    public ProgressReporter progress() {
        return progress;
    }

    public BlobStore blobs() {
        return blobs;
    }

    /** Saves a checkpoint and says so on the progress topic; returns the checkpoint's object key. */
    public String checkpoint(long step, byte[] state) throws IOException {
        String key = checkpoints.save(step, state);
        progress.mark("checkpointed", step);
        return key;
    }

    /** The newest checkpoint, announcing on the progress topic that the job resumes from it. */
    public Optional<Checkpoint> resume() throws IOException {
        Optional<Checkpoint> latest = checkpoints.latest();
        latest.ifPresent(c -> progress.mark("resumed", c.step()));
        return latest;
    }
}
