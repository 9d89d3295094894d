package io.motif.retrieval.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.motif.events.kafka.Topics;
import io.motif.imaging.ImageIntake;
import io.motif.jobs.Job;
import io.motif.jobs.JobListener;
import io.motif.jobs.JobWorker;
import io.motif.retrieval.ClipCaptionEncoder;
import io.motif.retrieval.SelectionRequest;
import io.motif.service.JobsConfig;
import io.motif.service.ServiceJobWorkers;
import io.motif.service.StorageConfig;
import io.motif.storage.ObjectKey;
import io.motif.storage.ObjectStore;
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

/**
 * The retrieval service's lifecycle: picks the caption encoder, loads the configured index (or imports the
 * configured corpus folder), and runs a job worker on {@code motif.jobs.retrieval}.
 */
@ApplicationScoped
public class RetrievalWorker {
    private static final Logger LOG = Logger.getLogger(RetrievalWorker.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "motif.retrieval.enabled", defaultValue = "true")
    boolean enabled;
    @ConfigProperty(name = "motif.retrieval.group", defaultValue = "motif-retrieval")
    String group;
    @ConfigProperty(name = "motif.retrieval.encoder", defaultValue = "auto")
    String encoderKind;
    @ConfigProperty(name = "motif.retrieval.pooling", defaultValue = "EOS")
    ClipCaptionEncoder.Pooling pooling;
    @ConfigProperty(name = "motif.retrieval.model-dir", defaultValue = "models/motif-tiny")
    Path modelDir;
    /** Local scratch for index builds and unpacked indexes (default: motif-retrieval in the temp directory). */
    @ConfigProperty(name = "motif.retrieval.work-dir")
    Optional<Path> configuredWorkDir;
    @ConfigProperty(name = "motif.retrieval.corpus-tenant", defaultValue = "public")
    String corpusTenant;
    /** An index archive to serve (object key path, as printed by an import). */
    @ConfigProperty(name = "motif.retrieval.index-key")
    Optional<String> indexKey;
    /** A corpus folder to import at start-up when no index key is configured. */
    @ConfigProperty(name = "motif.retrieval.corpus-dir")
    Optional<Path> corpusDir;
    @ConfigProperty(name = "motif.retrieval.query-template", defaultValue = "photo of a %s")
    String queryTemplate;
    @ConfigProperty(name = "motif.retrieval.threshold", defaultValue = "0.85")
    float threshold;
    @ConfigProperty(name = "motif.retrieval.shortfall", defaultValue = "FILL_WITH_BEST_BELOW")
    SelectionRequest.ShortfallPolicy shortfall;

    @Inject
    StorageConfig storage;
    @Inject
    JobsConfig jobs;
    @Inject
    ObjectStore store;
    @Inject
    MeterRegistry registry;

    private IndexHolder indexes;
    private CorpusImporter importer;
    private JobWorker worker;

    private Path workDir;

    void start(@Observes StartupEvent event) throws Exception {
        workDir = configuredWorkDir.orElse(Path.of(System.getProperty("java.io.tmpdir"), "motif-retrieval"));
        indexes = new IndexHolder(store, CaptionEncoders.create(encoderKind, modelDir, pooling), workDir);
        importer = new CorpusImporter(store, new ImageIntake());
        LOG.infof("caption encoder: %s", indexes.encoder().id());
        if (indexKey.isPresent()) {
            indexes.load(ObjectKey.parse(indexKey.get()));
        } else if (corpusDir.isPresent()) {
            importAndServe(corpusDir.get());
        }
        if (!enabled) {
            LOG.info("retrieval worker disabled (motif.retrieval.enabled=false)");
            return;
        }
        String workerId = ServiceJobWorkers.newWorkerId("retrieval");
        RetrievalJobBody body = new RetrievalJobBody(new RetrievalJobBody.Settings(queryTemplate, threshold, shortfall,
                Topics.COMMANDS, "motif/retrieval/" + workerId), indexes, store);
        worker = ServiceJobWorkers.start("retrieval", workerId,
                ServiceJobWorkers.Connection.of(bootstrap, group, jobs), storage, body,
                new Metrics(registry));
        LOG.infof("retrieval worker %s consuming %s in group %s", workerId, Topics.JOBS_PREFIX + "retrieval", group);
    }

    /** Imports a corpus folder and serves its index from now on. */
    public CorpusImporter.Imported importAndServe(Path folder) throws Exception {
        CorpusImporter.Imported imported = importer.importFolder(folder, corpusTenant, indexes.encoder(), workDir);
        indexes.load(imported.indexKey());
        return imported;
    }

    public IndexHolder indexes() {
        return indexes;
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        if (worker != null) {
            worker.close();
        }
        if (indexes != null) {
            indexes.close();
        }
    }

    /** Jobs by outcome, for the service's Prometheus endpoint. */
    private static final class Metrics implements JobListener {
        private final MeterRegistry registry;

        Metrics(MeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        public void finished(Job job, String state, Duration took) {
            registry.counter("motif_retrieval_jobs_total", "outcome", state).increment();
            registry.timer("motif_retrieval_job_seconds").record(took);
        }
    }
}
