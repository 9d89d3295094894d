package io.motif.jobs;

/**
 * The work a worker does for one job. It runs on the worker's job thread while the consumer thread keeps the
 * worker in its group. A long body must look at {@link JobContext#shouldStop()} between steps, and when it is
 * asked to stop, save a checkpoint and return {@link JobOutcome#yielded(long)}; it resumes from
 * {@link JobContext#checkpoints()} when the job comes back (on this worker or another).
 * An exception thrown from here ends the job as failed, with the exception's message as the reason.
 */
@FunctionalInterface
public interface JobBody {

    JobOutcome run(JobContext context) throws Exception;
}
