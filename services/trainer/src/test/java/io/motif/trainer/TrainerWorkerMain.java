package io.motif.trainer;

import io.motif.jobs.Job;
import io.motif.jobs.JobIdentity;
import io.motif.jobs.JobListener;
import io.motif.jobs.JobWorker;
import io.motif.jobs.WorkerSettings;
import io.motif.jobs.storage.S3BlobStore;
import io.motif.trainer.jobs.KafkaReportSink;
import io.motif.trainer.jobs.TrainingJobBody;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A trainer worker process for {@link TwoTrainersProcessTest}: the service's real job body and worker protocol
 * without Quarkus (so a test can start two and SIGKILL one), on topics of the test's own.
 * Args: bootstrap s3Endpoint accessKey secretKey bucket group workerId jobTopic statusTopic progressTopic
 * commandsTopic modelDir workDir checkpointEvery
 */
public final class TrainerWorkerMain {

    public static void main(String[] a) throws Exception {
        S3BlobStore store = S3BlobStore.connect(a[1], a[2], a[3], a[4]);
        WorkerSettings settings = WorkerSettings.of(a[0], a[5], a[6], a[7], a[8], a[9])
                .withSessionTimeout(Duration.ofSeconds(6))
                .withStopGrace(Duration.ofSeconds(30));
        KafkaReportSink reports = new KafkaReportSink(a[0]);
        TrainingJobBody body = new TrainingJobBody(new TrainingJobBody.Settings(Path.of(a[11]), Path.of(a[12]),
                Integer.parseInt(a[13]), a[10], "motif/trainer/" + a[6], null, reports));
        JobWorker worker = new JobWorker(settings, JobIdentity.jsonFields("jobId", List.of("conceptId", "tenant"),
                Map.of("kind", "training")), body, store, "jobs", new PrintingListener()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                worker.close();
                reports.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        log("worker " + a[6] + " started");
        worker.awaitStopped(Duration.ofDays(1));
        if (worker.failure() != null) {
            worker.failure().printStackTrace();
            System.exit(2);
        }
    }

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
    }

    private static void log(String line) {
        System.out.println(Instant.now() + " " + line);
        System.out.flush();
    }
}
