package io.motif.events.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the catalog's topics at start-up with their partitions and configs, so nothing depends on broker
 * auto-creation. Safe to call from every service at once: a topic that already exists is left as it is, but a
 * partition count that differs from the catalog is an error, because the single-writer routing relies on it.
 */
public final class TopicProvisioner {

    private static final System.Logger LOG = System.getLogger(TopicProvisioner.class.getName());
    private static final long TIMEOUT_S = 60;

    private TopicProvisioner() {
    }

    /**
     * What a service calls before it starts consuming: every catalog topic, the job-status topic included, with the
     * catalog's settings, and the status topic visible in metadata (a worker that reads it right after it was
     * created can otherwise see no partitions).
     */
    public static void ensureCatalogTopics(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers))) {
            Topics topics = Topics.standard();
            ensureTopics(admin, TopicCatalog.load(), topics);
            awaitVisible(admin, topics.jobsStatus());
        }
    }

    private static void awaitVisible(Admin admin, String topic) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (true) {
            try {
                admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(topic + " not visible in metadata: " + e.getMessage(), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + topic, e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + topic, e);
            }
        }
    }

    /** @return the names of the topics this call created */
    public static List<String> ensureTopics(Admin admin, TopicCatalog catalog, Topics topics) {
        return ensureTopics(admin, catalog, topics, 0);
    }

    /**
     * @param partitionsOverride when positive, every topic gets this many partitions instead of the catalog's
     *                           (small test clusters and benchmarks); every topic keeps the same count, so the
     *                           single-writer routing still holds
     */
    public static List<String> ensureTopics(Admin admin, TopicCatalog catalog, Topics topics, int partitionsOverride) {
        try {
            int brokers = admin.describeCluster().nodes().get(TIMEOUT_S, TimeUnit.SECONDS).size();
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec spec : catalog.topics()) {
                String name = topics.resolve(spec.name());
                if (!existing.contains(name)) {
                    short replication = (short) Math.max(1, Math.min(spec.replicationFactor(), brokers));
                    missing.add(new NewTopic(name, partitions(spec, partitionsOverride), replication).configs(new HashMap<>(spec.configs())));
                }
            }
            List<String> created = new ArrayList<>();
            for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> result
                    : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get(TIMEOUT_S, TimeUnit.SECONDS);
                    created.add(result.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            checkPartitions(admin, catalog, topics, partitionsOverride);
            LOG.log(System.Logger.Level.INFO, "topics created from the catalog: {0}", created);
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the catalog's topics: " + e.getMessage(), e);
        }
    }

    private static int partitions(TopicSpec spec, int override) {
        return override > 0 ? override : spec.partitions();
    }

    private static void checkPartitions(Admin admin, TopicCatalog catalog, Topics topics, int override)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<String> names = catalog.topics().stream().map(t -> topics.resolve(t.name())).toList();
        Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames()
                .get(TIMEOUT_S, TimeUnit.SECONDS);
        for (TopicSpec spec : catalog.topics()) {
            TopicDescription d = described.get(topics.resolve(spec.name()));
            if (d.partitions().size() != partitions(spec, override)) {
                throw new IllegalStateException(d.name() + " has " + d.partitions().size()
                        + " partitions but the catalog says " + partitions(spec, override));
            }
        }
    }
}
