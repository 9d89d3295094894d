package io.motif.console.jobs;

import io.motif.service.JobsConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Feeds the {@link JobBoard} from the start of {@code motif.progress} and {@code motif.jobs.status}: every console
 * replica reads everything itself (no consumer group), committed records only.
 */
@ApplicationScoped
public class JobBoardFeed {

    private static final Logger LOG = Logger.getLogger(JobBoardFeed.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    JobsConfig jobs;
    @ConfigProperty(name = "motif.console.progress-topic", defaultValue = "motif.progress")
    String progressTopic;

    private final JobBoard board = new JobBoard();
    private final AtomicBoolean running = new AtomicBoolean();
    private KafkaConsumer<String, String> consumer;
    private Thread thread;

    @Produces
    @Singleton
    JobBoard board() {
        return board;
    }

    void start(@Observes StartupEvent event) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "console-job-board");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        running.set(true);
        thread = new Thread(this::run, "console-job-board");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running.set(false);
        if (consumer != null) {
            consumer.wakeup();
            thread.join(10_000);
        }
    }

    private void run() {
        try (KafkaConsumer<String, String> c = consumer) {
            while (running.get() && !assign()) {
                Thread.sleep(2000); // topics not created yet
            }
            while (running.get()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        continue;
                    }
                    if (r.topic().equals(jobs.statusTopic())) {
                        board.onStatus(r.value());
                    } else {
                        board.onProgress(r.value());
                    }
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // shutting down
        } catch (RuntimeException e) {
            LOG.error("job board feed stopped", e);
        }
    }

    private boolean assign() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(progressTopic, jobs.statusTopic())) {
            List<PartitionInfo> infos = consumer.listTopics(Duration.ofSeconds(10)).get(topic);
            if (infos == null || infos.isEmpty()) {
                return false;
            }
            infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return true;
    }
}
