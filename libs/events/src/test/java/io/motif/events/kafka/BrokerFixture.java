package io.motif.events.kafka;

import io.motif.events.command.ConceptCommand;
import io.motif.events.event.WorkerReport;
import io.motif.stack.StackEndpoints;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Topics of one test case on the shared real broker, plus the clients a test needs to drive them. */
final class BrokerFixture implements AutoCloseable {

    static final int PARTITIONS = 3;
    private static final AtomicInteger CASES = new AtomicInteger();

    final String bootstrap;
    final Topics topics;
    private final Admin admin;
    private final Producer<byte[], byte[]> producer;
    private final List<CommandProcessor> processors = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    BrokerFixture(StackEndpoints stack) {
        this.bootstrap = stack.kafkaBootstrapServers();
        this.topics = new Topics("case" + CASES.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8) + ".");
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        TopicProvisioner.ensureTopics(admin, TopicCatalog.load(), topics, PARTITIONS);
        this.producer = new KafkaProducer<>(KafkaClients.producer(bootstrap, null));
    }

    CommandProcessor startProcessor(String transactionalId, CommandProcessor.CommitHook hook) {
        CommandProcessor processor = new CommandProcessor(new CommandProcessor.Settings(bootstrap, topics,
                topics.prefix() + "command-processor", topics.prefix() + transactionalId, "/motif/test",
                PARTITIONS), Clock.systemUTC());
        if (hook != null) {
            processor.setCommitHook(hook);
        }
        Thread thread = new Thread(processor, "processor-" + transactionalId);
        thread.start();
        processors.add(processor);
        threads.add(thread);
        return processor;
    }

    void stop(CommandProcessor processor) throws InterruptedException {
        processor.stop();
        threads.get(processors.indexOf(processor)).join(30_000);
    }

    void join(CommandProcessor processor) throws InterruptedException {
        threads.get(processors.indexOf(processor)).join(60_000);
    }

    /** Sends a command or worker report as any producer would, keyed by its concept id. */
    void send(Object message) {
        String conceptId = message instanceof ConceptCommand c ? c.conceptId() : ((WorkerReport) message).conceptId();
        producer.send(CloudEventRecords.of(topics.commands(), null, conceptId, UUID.randomUUID().toString(),
                "/test/client", Instant.now(), message));
        producer.flush();
    }

    void sendToPartition(int partition, Object message) {
        ConceptCommand c = (ConceptCommand) message;
        producer.send(CloudEventRecords.of(topics.commands(), partition, c.conceptId(), UUID.randomUUID().toString(),
                "/test/client", Instant.now(), message));
        producer.flush();
    }

    void sendRaw(ProducerRecord<byte[], byte[]> record) {
        producer.send(record);
        producer.flush();
    }

    /**
     * Reads a topic from the beginning until {@code expected} records arrived, then half a second more, so that
     * extra records (duplicates) show up too.
     */
    List<ConsumerRecord<byte[], byte[]>> read(String topic, int expected, boolean committedOnly) {
        Map<String, Object> props = KafkaClients.consumer(bootstrap, null);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> tps = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.currentTimeMillis() + 60_000;
            long settleUntil = Long.MAX_VALUE;
            while (System.currentTimeMillis() < Math.min(deadline, settleUntil)) {
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
                if (out.size() >= expected && settleUntil == Long.MAX_VALUE) {
                    settleUntil = System.currentTimeMillis() + 500;
                }
            }
        }
        return out;
    }

    ConceptStore rebuild() {
        ConceptStore store = new ConceptStore();
        rebuildInto(store);
        return store;
    }

    StateRebuilder.Stats rebuildInto(ConceptStore store) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClients.consumer(bootstrap, null))) {
            return StateRebuilder.rebuild(consumer, topics.conceptEvents(), List.of(0, 1, 2), store);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (CommandProcessor p : processors) {
            stop(p);
        }
        producer.close();
        admin.close();
    }
}
