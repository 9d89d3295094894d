package io.motif.sampler.worker;

import io.micrometer.core.instrument.MeterRegistry;
import io.motif.events.kafka.Topics;
import io.motif.jobs.JobMetrics;
import io.motif.jobs.JobWorker;
import io.motif.sampler.jobs.SamplingJobBody;
import io.motif.service.JobsConfig;
import io.motif.service.ServiceJobWorkers;
import io.motif.service.StorageConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Runs the sampling job worker (the long-job protocol of docs/adr/0006) for this service's lifetime. */
@ApplicationScoped
public class SamplerWorker {

    private static final Logger LOG = Logger.getLogger(SamplerWorker.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "motif.sampler.enabled", defaultValue = "true")
    boolean enabled;
    @ConfigProperty(name = "motif.sampler.group", defaultValue = "motif-sampler")
    String group;
    @ConfigProperty(name = "motif.sampler.model-dir", defaultValue = "models/motif-tiny")
    Path modelDir;
    @ConfigProperty(name = "motif.sampler.work-dir")
    Optional<Path> workDir;
    @ConfigProperty(name = "motif.sampler.url-validity", defaultValue = "P1D")
    Duration urlValidity;

    @Inject
    StorageConfig storage;
    @Inject
    JobsConfig jobs;
    @Inject
    MeterRegistry registry;

    private JobWorker worker;

    void start(@Observes StartupEvent event) throws Exception {
        if (!enabled) {
            LOG.info("sampler worker disabled (motif.sampler.enabled=false)");
            return;
        }
        String workerId = ServiceJobWorkers.newWorkerId("sampler");
        SamplingJobBody body = new SamplingJobBody(new SamplingJobBody.Settings(modelDir, ServiceJobWorkers.workDir(workDir, "sampler").resolve(workerId),
                Topics.COMMANDS, "motif/sampler/" + workerId, urlValidity, null));
        worker = ServiceJobWorkers.start("sampling", workerId,
                ServiceJobWorkers.Connection.of(bootstrap, group, jobs), storage, body,
                new JobMetrics(registry, "sampling"));
        LOG.infof("sampler worker %s consuming %s in group %s", workerId, Topics.JOBS_PREFIX + "sampling", group);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (worker != null) {
            worker.close();
        }
    }
}
