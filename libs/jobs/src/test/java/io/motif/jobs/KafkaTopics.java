package io.motif.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Test-side Kafka helpers: create topics, send jobs, and read topics as an independent (read_committed) client. */
final class KafkaTopics {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrap;

    KafkaTopics(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    void create(String jobTopic, int jobPartitions, String statusTopic, String progressTopic, String completionsTopic)
            throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(
                    new NewTopic(jobTopic, jobPartitions, (short) 1),
                    new NewTopic(statusTopic, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                    new NewTopic(progressTopic, 1, (short) 1),
                    new NewTopic(completionsTopic, 1, (short) 1))).all().get();
        }
    }

    /** Members of a consumer group that hold at least one partition. */
    int membersWithPartitions(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            if (admin.listGroups().all().get().stream().noneMatch(g -> g.groupId().equals(group))) {
                return 0; // no member has joined yet
            }
            var description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            return (int) description.members().stream()
                    .filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
        }
    }

    void send(String topic, int partition, String key, String value) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, partition, key, value)).get();
        }
    }

    /** A reader that keeps its position, so a test can poll a topic repeatedly while waiting for something. */
    Reader reader(String topic) {
        return new Reader(topic);
    }

    final class Reader implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

        Reader(String topic) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** Everything committed so far (reads up to the current end). */
        List<ConsumerRecord<String, String>> all() {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            do {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            } while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue()));
            return List.copyOf(seen);
        }

        List<JsonNode> allJson() {
            return all().stream().map(r -> json(r.value())).toList();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
