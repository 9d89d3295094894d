package io.motif.ingestion.api;

import io.motif.events.kafka.CommandProcessor;
import io.motif.events.kafka.TopicCatalog;
import io.motif.events.kafka.TopicProvisioner;
import io.motif.events.kafka.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the events library's command processor in this service: the owner of command partition p is the single
 * writer of log partition p. Every ingestion replica runs one; the consumer group spreads the partitions.
 * Topics are created from the catalog first (broker auto-creation would give them the wrong partition counts).
 */
@ApplicationScoped
public class SingleWriter {
    private static final Logger LOG = Logger.getLogger(SingleWriter.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "motif.ingestion.command-processor.enabled", defaultValue = "true")
    boolean enabled;

    private CommandProcessor processor;
    private Thread thread;

    /** Runs before the other start-up observers, which read and write these topics. */
    void start(@Observes @Priority(1) StartupEvent event) throws InterruptedException {
        Topics topics = Topics.standard();
        TopicCatalog catalog = TopicCatalog.load();
        provision(catalog, topics);
        if (!enabled) {
            return;
        }
        int logPartitions = catalog.get(Topics.CONCEPT_EVENTS).partitions();
        String instance = "ingestion-" + UUID.randomUUID().toString().substring(0, 8);
        processor = new CommandProcessor(new CommandProcessor.Settings(bootstrap, topics, "motif-ingestion",
                instance, "motif/ingestion", logPartitions), Clock.systemUTC());
        thread = new Thread(processor, "command-processor");
        thread.start();
        LOG.infof("command processor %s started (%d log partitions)", instance, logPartitions);
    }

    /** A broker that has just started (or another service creating the same topics) can fail a first attempt. */
    private void provision(TopicCatalog catalog, Topics topics) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
                TopicProvisioner.ensureTopics(admin, catalog, topics);
                return;
            } catch (RuntimeException e) {
                if (attempt == 5) {
                    throw e;
                }
                LOG.warnf("creating topics failed (%s); retrying", e.getMessage());
                Thread.sleep(1000L * attempt);
            }
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (processor != null) {
            processor.close();
            thread.join(10_000);
        }
    }
}
