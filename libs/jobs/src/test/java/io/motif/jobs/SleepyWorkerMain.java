package io.motif.jobs;

import io.motif.jobs.storage.S3BlobStore;
import java.time.Duration;
import java.util.List;

/**
 * A worker process for the protocol tests: runs {@link SleepyJob} until SIGTERM, which (through the shutdown hook)
 * checkpoints the job in hand, gives it back and leaves the group.
 * Args: bootstrap s3Endpoint accessKey secretKey bucket group workerId jobTopic statusTopic progressTopic completionsTopic
 */
public final class SleepyWorkerMain {

    /** Leaves a trace in the worker's log file for whoever reads a failed test. */
    private static final class PrintingListener implements JobListener {
        @Override
        public void started(Job job) {
            log("started " + job.id() + " at offset " + job.offset());
        }

        @Override
        public void finished(Job job, String state, Duration took) {
            log(state + " " + job.id() + " in " + took.toMillis() + " ms");
        }

        @Override
        public void yielded(Job job, Duration took) {
            log("yielded " + job.id());
        }

        @Override
        public void skippedDuplicate(Job job) {
            log("skipped duplicate " + job.id());
        }

        @Override
        public void fenced(Job job, Exception cause) {
            log("fenced " + job.id() + ": " + cause);
        }

        private static void log(String line) {
            System.out.println(java.time.Instant.now() + " " + line);
            System.out.flush();
        }
    }

    public static void main(String[] a) throws Exception {
        S3BlobStore store = S3BlobStore.connect(a[1], a[2], a[3], a[4]);
        WorkerSettings settings = WorkerSettings.of(a[0], a[5], a[6], a[7], a[8], a[9])
                .withSessionTimeout(Duration.ofSeconds(6))
                .withStopGrace(Duration.ofSeconds(20));
        JobWorker worker = new JobWorker(settings, JobIdentity.jsonFields("jobId", List.of("conceptId")), new SleepyJob(a[10]), store, "test/jobs", new PrintingListener()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                worker.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        System.out.println("WORKER STARTED " + a[6]);
        System.out.flush();
        worker.awaitStopped(Duration.ofDays(1));
        if (worker.failure() != null) {
            worker.failure().printStackTrace();
            System.exit(2);
        }
    }
}
