package io.motif.jobs;

import java.time.Duration;

/** Hooks for metrics and logs; services bridge them to Micrometer. Called on the worker's consumer thread. */
public interface JobListener {

    default void started(Job job) {
    }

    /** A terminal outcome was committed ({@code state} = completed, failed or rejected). */
    default void finished(Job job, String state, Duration took) {
    }

    /** The job was stopped at a checkpoint and left on the topic for the next owner. */
    default void yielded(Job job, Duration took) {
    }

    /** The job's terminal status was already on the log (a redelivery or duplicate); nothing was run. */
    default void skippedDuplicate(Job job) {
    }

    /** A terminal write was refused because this worker no longer owns the job (fenced zombie). */
    default void fenced(Job job, Exception cause) {
    }

    JobListener NONE = new JobListener() {
    };
}
