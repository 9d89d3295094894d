package io.motif.merger.worker;

import io.micrometer.core.instrument.MeterRegistry;
import io.motif.events.kafka.Topics;
import io.motif.jobs.JobMetrics;
import io.motif.jobs.JobWorker;
import io.motif.merge.MergeOptions;
import io.motif.merger.concepts.ConceptLog;
import io.motif.merger.jobs.MergeJobBody;
import io.motif.service.JobsConfig;
import io.motif.service.ServiceJobWorkers;
import io.motif.service.StorageConfig;
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
 * Runs the merge job worker (the long-job protocol of docs/adr/0006) for this service's lifetime, with its fold of
 * the concept log ({@link ConceptLog}) to find the other concepts' deltas. Metrics: {@code motif_jobs_duration_seconds}
 * by outcome (completed, failed, rejected) and {@code motif_jobs_running} with {@code kind="merge"}.
 */
@ApplicationScoped
public class MergerWorker {

    private static final Logger LOG = Logger.getLogger(MergerWorker.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "motif.merger.enabled", defaultValue = "true")
    boolean enabled;
    @ConfigProperty(name = "motif.merger.group", defaultValue = "motif-merger")
    String group;
    @ConfigProperty(name = "motif.merger.model-dir", defaultValue = "models/motif-tiny")
    Path modelDir;
    @ConfigProperty(name = "motif.merger.work-dir")
    Optional<Path> workDir;
    /** Regularization captions for merges of concepts that have no regularization set. */
    @ConfigProperty(name = "motif.merger.captions-file")
    Optional<Path> captionsFile;
    /** 0: the reference's exact solve; λ &gt; 0 trades exact constraints for a solvable system (see MergeOptions). */
    @ConfigProperty(name = "motif.merger.ridge", defaultValue = "0")
    double ridge;

    @Inject
    StorageConfig storage;
    @Inject
    JobsConfig jobs;
    @Inject
    MeterRegistry registry;

    private ConceptLog conceptLog;
    private JobWorker worker;

    void start(@Observes StartupEvent event) throws Exception {
        if (!enabled) {
            LOG.info("merger worker disabled (motif.merger.enabled=false)");
            return;
        }
        String workerId = ServiceJobWorkers.newWorkerId("merger");
        conceptLog = new ConceptLog(bootstrap, Topics.CONCEPT_EVENTS);
        MergeJobBody body = new MergeJobBody(new MergeJobBody.Settings(modelDir, ServiceJobWorkers.workDir(workDir, "merger").resolve(workerId),
                captionsFile.orElse(null), MergeOptions.withRidge(ridge), Topics.COMMANDS, "motif/merger/" + workerId),
                conceptLog);
        worker = ServiceJobWorkers.start("merge", workerId,
                ServiceJobWorkers.Connection.of(bootstrap, group, jobs), storage, body,
                new JobMetrics(registry, "merge"));
        LOG.infof("merger worker %s consuming %s in group %s", workerId, Topics.JOBS_PREFIX + "merge", group);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (worker != null) {
            worker.close();
        }
        if (conceptLog != null) {
            conceptLog.close();
        }
    }
}
