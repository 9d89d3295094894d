package io.motif.events.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.motif.events.cloudevents.CloudEventAttributes;
import io.motif.events.cloudevents.KafkaCloudEvents;
import io.motif.events.command.ConceptCommand;
import io.motif.events.completion.CommandAccepted;
import io.motif.events.completion.CommandRejected;
import io.motif.events.completion.Completion;
import io.motif.events.concept.CompletionPlanner;
import io.motif.events.concept.ConceptDecider;
import io.motif.events.concept.ConceptState;
import io.motif.events.concept.Decision;
import io.motif.events.concept.JobPlanner;
import io.motif.events.event.ConceptEvent;
import io.motif.events.event.WorkerReport;
import io.motif.events.job.Job;
import io.motif.events.json.MotifJson;
import io.motif.events.schema.InvalidMessageException;
import io.motif.events.schema.MessageCodec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The single writer of the concept log. It consumes {@code motif.commands} in a consumer group; the owner of
 * partition p is the only process that appends to log partition p. Each poll's results (events, jobs,
 * completions, dead letters) and the consumed offsets go into one Kafka transaction, so a crash before the commit
 * leaves no trace and the commands are handled again by the next owner; a crash after it leaves nothing to redo.
 * <p>
 * On assignment it rebuilds its partitions' state from the log (after the committed offsets are stable, so a
 * previous owner's open transaction is resolved first). A command that arrives on a partition that is not its
 * concept's log partition (a producer with another partitioner) is forwarded to the right one.
 */
public final class CommandProcessor implements Runnable, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(CommandProcessor.class.getName());

    /** Called after a batch is produced and before it is committed; tests use it to simulate a crash there. */
    public interface CommitHook {
        void beforeCommit(int records);
    }

    /** Settings of one processor instance. {@code transactionalId} must be stable per instance and unique. */
    public record Settings(String bootstrap, Topics topics, String groupId, String transactionalId, String source,
                           int logPartitions) {
        public Settings {
            Objects.requireNonNull(bootstrap);
            Objects.requireNonNull(topics);
            Objects.requireNonNull(groupId);
            Objects.requireNonNull(transactionalId);
            Objects.requireNonNull(source);
        }
    }

    private final Settings settings;
    private final Consumer<byte[], byte[]> consumer;
    private final Consumer<byte[], byte[]> logReader;
    private final Producer<byte[], byte[]> producer;
    private final ConceptStore store = new ConceptStore();
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile CommitHook commitHook = records -> { };
    private volatile Throwable failure;
    private volatile long handled;

    public CommandProcessor(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.consumer = new KafkaConsumer<>(KafkaClients.consumer(settings.bootstrap(), settings.groupId()));
        this.logReader = new KafkaConsumer<>(KafkaClients.consumer(settings.bootstrap(), null));
        this.producer = new KafkaProducer<>(KafkaClients.producer(settings.bootstrap(), settings.transactionalId()));
    }

    public void setCommitHook(CommitHook hook) {
        this.commitHook = hook;
    }

    /** Why the loop stopped, or null while it runs or after a clean stop. */
    public Throwable failure() {
        return failure;
    }

    /** Records handled and committed so far. */
    public long handled() {
        return handled;
    }

    @Override
    public void run() {
        try {
            producer.initTransactions();
            consumer.subscribe(List.of(settings.topics().commands()), new Rebalance());
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) {
                    processBatch(records);
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                failure = e;
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.log(System.Logger.Level.ERROR, "command processor stopped; its open transaction is abandoned", e);
        } finally {
            closeClients(failure != null);
        }
    }

    private void processBatch(ConsumerRecords<byte[], byte[]> records) {
        producer.beginTransaction();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            handle(record);
            offsets.put(new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1));
        }
        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
        commitHook.beforeCommit(records.count());
        producer.commitTransaction();
        handled += records.count();
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        CloudEventAttributes ce;
        try {
            ce = KafkaCloudEvents.read(record.headers());
        } catch (KafkaCloudEvents.MissingAttributeException e) {
            refuse(record, null, InvalidMessageException.MISSING_HEADER, e.getMessage());
            return;
        }
        Object message;
        try {
            message = MessageCodec.decodeChecked(ce.type(), record.value());
        } catch (InvalidMessageException e) {
            refuse(record, ce, e.code(), e.getMessage());
            return;
        }
        if (!(message instanceof ConceptCommand) && !(message instanceof WorkerReport)) {
            refuse(record, ce, InvalidMessageException.UNKNOWN_TYPE,
                    ce.type() + " is not accepted on " + settings.topics().commands());
            return;
        }
        String conceptId = message instanceof ConceptCommand c ? c.conceptId() : ((WorkerReport) message).conceptId();
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (!conceptId.equals(key)) {
            refuse(record, ce, InvalidMessageException.WRONG_KEY, "the record key must be the concept id " + conceptId + ", was " + key);
            return;
        }
        int logPartition = LogPartitioner.partitionFor(conceptId, settings.logPartitions());
        if (logPartition != record.partition()) {
            forward(record, logPartition);
            return;
        }
        decideAndWrite(record, ce, message, conceptId, logPartition);
    }

    private void decideAndWrite(ConsumerRecord<byte[], byte[]> record, CloudEventAttributes ce, Object message,
                                String conceptId, int logPartition) {
        ConceptState state = store.get(logPartition, conceptId);
        Decision decision = ConceptDecider.decide(state, message);
        String correlation = message instanceof ConceptCommand c ? c.commandId() : ce.id();
        if (decision instanceof Decision.Rejected rejected) {
            refuse(record, ce, InvalidMessageException.STATE_REJECTED, rejected.reason());
            return;
        }
        List<ConceptEvent> events = ((Decision.Accepted) decision).events();
        List<String> eventIds = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            ConceptEvent event = events.get(i);
            // derived from the command, so handling the same command again yields the same ids
            String eventId = conceptId + "/" + correlation + "/" + i;
            eventIds.add(eventId);
            send(settings.topics().conceptEvents(), logPartition, conceptId, eventId, event);
            store.applyOwn(logPartition, eventId, event);
            ConceptState after = store.get(logPartition, conceptId);
            JobPlanner.jobFor(after, event).ifPresent(job -> sendJob(job, eventId));
            CompletionPlanner.completionFor(event).ifPresent(done -> sendCompletion(done, eventId + "/completion"));
        }
        if (message instanceof ConceptCommand command) {
            sendCompletion(new CommandAccepted(command.commandId(), conceptId, command.tenant(), ce.type(), eventIds),
                    conceptId + "/" + correlation + "/accepted");
        }
    }

    private void sendJob(Job job, String eventId) {
        send(settings.topics().jobs(job.kind()), null, job.conceptId(), eventId + "/job", job);
    }

    private void sendCompletion(Completion completion, String id) {
        String key = completion instanceof CommandRejected r ? r.conceptId() : conceptOf(completion);
        send(settings.topics().completions(), null, key, id, completion);
    }

    private static String conceptOf(Completion completion) {
        if (completion instanceof CommandAccepted c) {
            return c.conceptId();
        }
        if (completion instanceof io.motif.events.completion.JobCompleted c) {
            return c.conceptId();
        }
        return ((io.motif.events.completion.JobFailed) completion).conceptId();
    }

    private void send(String topic, Integer partition, String key, String id, Object message) {
        producer.send(CloudEventRecords.of(topic, partition, key, id, settings.source(), clock.instant(), message));
    }

    private void forward(ConsumerRecord<byte[], byte[]> record, int partition) {
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(record.topic(), partition, record.key(),
                record.value(), record.headers());
        producer.send(out);
    }

    /** Dead-letters the record and tells its producer why, in the current transaction. */
    private void refuse(ConsumerRecord<byte[], byte[]> record, CloudEventAttributes ce, String code, String reason) {
        producer.send(DeadLetters.of(record, settings.topics().deadLetter(), code, reason));
        JsonNode body = readLeniently(record.value());
        String commandId = text(body, "commandId");
        if (commandId == null) {
            commandId = ce != null ? ce.id() : record.topic() + "-" + record.partition() + "@" + record.offset();
        }
        String conceptId = text(body, "conceptId");
        CommandRejected rejected = new CommandRejected(commandId, code, reason, conceptId, text(body, "tenant"),
                ce == null ? null : ce.type());
        String id = (conceptId == null ? "" : conceptId + "/") + commandId + "/rejected@" + record.offset();
        String key = record.key() == null ? conceptId : new String(record.key(), StandardCharsets.UTF_8);
        send(settings.topics().completions(), null, key, id, rejected);
        LOG.log(System.Logger.Level.INFO, "refused {0}-{1}@{2} ({3}): {4}", record.topic(), record.partition(),
                record.offset(), code, reason);
    }

    private static JsonNode readLeniently(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return MotifJson.mapper().readTree(value);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String text(JsonNode body, String field) {
        if (body == null || !body.isObject()) {
            return null;
        }
        JsonNode value = body.get(field);
        return value != null && value.isTextual() && value.textValue().length() <= 200 ? value.textValue() : null;
    }

    /** Stops the loop after the current batch; the batch is committed first. */
    public void stop() {
        running.set(false);
        consumer.wakeup();
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * After a failure the producer is closed at once, as a crash would: an open transaction is neither committed
     * nor aborted here; the next instance with the same transactional id aborts it in initTransactions.
     */
    private void closeClients(boolean failed) {
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "consumer close", e);
        }
        logReader.close(Duration.ofSeconds(5));
        producer.close(failed ? Duration.ZERO : Duration.ofSeconds(5));
    }

    /** Read-only view for tests and metrics, owned by the processor thread. */
    ConceptStore store() {
        return store;
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            store.forget(partitions.stream().map(TopicPartition::partition).toList());
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            // waits until offsets committed by a previous owner's transaction are stable (read_committed),
            // so the log read below already contains that owner's last events
            partitions.forEach(consumer::position);
            List<Integer> numbers = partitions.stream().map(TopicPartition::partition).toList();
            store.forget(numbers);
            StateRebuilder.Stats stats = StateRebuilder.rebuild(logReader, settings.topics().conceptEvents(),
                    numbers, store);
            LOG.log(System.Logger.Level.INFO, "rebuilt partitions {0}: {1} events in {2} s", numbers,
                    stats.records(), stats.seconds());
        }
    }
}
