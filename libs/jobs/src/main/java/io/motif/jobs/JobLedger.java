package io.motif.jobs;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * This worker's reading of the status topic: which jobs already have a terminal status. It reads committed
 * records only, and {@link #catchUp()} reads up to the end offsets taken at the time of the call, so a check made
 * after it sees every status committed before it started.
 */
final class JobLedger implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final Map<String, JobStatus> terminal = new HashMap<>();
    private boolean assigned;
    private final String topic;

    JobLedger(String bootstrapServers, String topic, String clientId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        this.topic = topic;
    }

    Optional<JobStatus> status(String jobId) {
        return Optional.ofNullable(terminal.get(jobId));
    }

    /**
     * Creates the status topic only when it is missing, so this library also runs where no one provisioned it (its
     * own tests). The services provision the catalog's {@code motif.jobs.status} entry (schemas/topics.json) before
     * they start a worker, so there this call finds the topic and leaves the catalog's settings in place.
     */
    static void ensureTopic(String bootstrapServers, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(3), Optional.empty())
                    .configs(Map.of("cleanup.policy", "compact")))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create status topic " + topic, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating " + topic, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating status topic " + topic, e);
        }
    }

    void catchUp() {
        if (!assigned) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("status topic " + topic + " does not exist");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            assigned = true;
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(30));
        while (!reached(end)) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.value() != null) {
                    terminal.put(record.key(), JobStatus.fromJson(record.value()));
                }
            }
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        // under read_committed the end offset is the last stable offset; transaction markers sit below it
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), Duration.ofSeconds(30)) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
