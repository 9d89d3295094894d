package io.motif.retrieval.service;

import io.motif.events.kafka.TopicCatalog;
import io.motif.events.kafka.TopicProvisioner;
import io.motif.events.kafka.Topics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics this worker touches before it starts: the catalog's topics (so job and command topics get
 * the catalog's partitions rather than a broker default), and the compacted job-status topic, waiting until its
 * partitions are visible in metadata; a worker that starts right after creating it can otherwise see no partitions.
 */
final class WorkerTopics {
    private WorkerTopics() {
    }

    static void ensure(String bootstrap, String statusTopic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            TopicProvisioner.ensureTopics(admin, TopicCatalog.load(), Topics.standard());
            try {
                admin.createTopics(List.of(new NewTopic(statusTopic, Optional.of(3), Optional.empty())
                        .configs(Map.of("cleanup.policy", "compact")))).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    admin.describeTopics(List.of(statusTopic)).allTopicNames().get(10, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
        }
    }
}
