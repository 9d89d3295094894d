package io.motif.trainer.worker;

import io.micrometer.core.instrument.MeterRegistry;
import io.motif.events.kafka.Topics;
import io.motif.jobs.JobMetrics;
import io.motif.jobs.JobWorker;
import io.motif.service.JobsConfig;
import io.motif.service.ServiceJobWorkers;
import io.motif.service.StorageConfig;
import io.motif.trainer.jobs.KafkaReportSink;
import io.motif.trainer.jobs.TrainingJobBody;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs this service's job worker (docs/adr/0006-long-jobs-paused-partitions.md): joins the trainer group on the
 * training job topic at start-up; on shutdown (SIGTERM) the job in hand checkpoints and goes back to the group.
 */
@ApplicationScoped
public class TrainerWorker {

    private static final Logger LOG = Logger.getLogger(TrainerWorker.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "motif.trainer.enabled", defaultValue = "true")
    boolean enabled;
    @ConfigProperty(name = "motif.trainer.group", defaultValue = "motif-trainer")
    String group;
    @ConfigProperty(name = "motif.trainer.model-dir", defaultValue = "models/motif-tiny")
    Path modelDir;
    @ConfigProperty(name = "motif.trainer.work-dir")
    Optional<Path> workDir;
    @ConfigProperty(name = "motif.trainer.checkpoint-every", defaultValue = "25")
    int checkpointEvery;

    @Inject
    StorageConfig storage;
    @Inject
    JobsConfig jobs;
    @Inject
    MeterRegistry registry;

    private JobWorker worker;
    private KafkaReportSink reports;

    void start(@Observes StartupEvent event) throws Exception {
        if (!enabled) {
            LOG.info("trainer worker disabled (motif.trainer.enabled=false)");
            return;
        }
        String workerId = ServiceJobWorkers.newWorkerId("trainer");
        reports = new KafkaReportSink(bootstrap);
        TrainingJobBody body = new TrainingJobBody(new TrainingJobBody.Settings(modelDir, ServiceJobWorkers.workDir(workDir, "trainer").resolve(workerId),
                checkpointEvery, Topics.COMMANDS, "motif/trainer/" + workerId, null, reports));
        worker = ServiceJobWorkers.start("training", workerId,
                ServiceJobWorkers.Connection.of(bootstrap, group, jobs), storage, body,
                new JobMetrics(registry, "training"));
        LOG.infof("trainer worker %s consuming %s in group %s", workerId, Topics.JOBS_PREFIX + "training", group);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (worker != null) {
            worker.close(); // the job in hand checkpoints (and reports it) before this returns
        }
        if (reports != null) {
            reports.close();
        }
    }
}
