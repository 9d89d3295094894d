package io.motif.ingestion.log;

import com.fasterxml.jackson.databind.JsonNode;
import io.motif.events.cloudevents.CloudEventAttributes;
import io.motif.events.cloudevents.KafkaCloudEvents;
import io.motif.events.event.ConceptEvent;
import io.motif.events.json.MotifJson;
import io.motif.events.kafka.KafkaClients;
import io.motif.events.kafka.LogPartitioner;
import io.motif.events.kafka.Topics;
import io.motif.events.schema.MessageCodec;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps {@link ConceptLogView} live: reads every partition of {@code motif.concept-events} from the beginning,
 * committed records only, without a consumer group (every replica folds the whole log). Reads can ask for
 * read-your-writes: {@link #catchUp} waits until the fold has reached the partition's last committed offset as of
 * the call, so a client that saw its command accepted then sees the command's events.
 */
@ApplicationScoped
public class ConceptLogFollower {
    private static final Logger LOG = Logger.getLogger(ConceptLogFollower.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    /** How long a read waits for the fold to reach the committed end of the concept's partition. */
    @ConfigProperty(name = "motif.ingestion.read.catch-up-ms", defaultValue = "5000")
    long catchUpMillis;

    private final ConceptLogView view = new ConceptLogView();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile int partitions;
    private Admin admin;
    private Thread thread;

    /** After the single writer (priority 1) has created the topics. */
    void start(@Observes @Priority(10) StartupEvent event) {
        admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap));
        running.set(true);
        thread = new Thread(this::follow, "concept-log-follower");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running.set(false);
        if (thread != null) {
            thread.join(5_000);
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }

    public ConceptLogView view() {
        return view;
    }

    /**
     * Waits (up to the configured time) until the fold includes every event of the concept's partition committed
     * before this call.
     *
     * @return whether it did; false means the answer may lag (broker slow or unreachable)
     */
    public boolean catchUp(String conceptId) throws InterruptedException {
        int count = partitions;
        if (count == 0) {
            return false;
        }
        int partition = LogPartitioner.partitionFor(conceptId, count);
        TopicPartition tp = new TopicPartition(Topics.CONCEPT_EVENTS, partition);
        long end;
        try {
            end = admin.listOffsets(Map.of(tp, OffsetSpec.latest()),
                            new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .partitionResult(tp).get(catchUpMillis, TimeUnit.MILLISECONDS).offset();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.debugf("end offset of %s unknown (%s); answering from the fold as it is", tp, e.getMessage());
            return false;
        }
        return view.awaitPosition(partition, end, catchUpMillis);
    }

    private void follow() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClients.consumer(bootstrap, null))) {
            List<TopicPartition> tps = consumer.partitionsFor(Topics.CONCEPT_EVENTS, Duration.ofSeconds(60)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            partitions = tps.size();
            LOG.infof("following %s (%d partitions)", Topics.CONCEPT_EVENTS, tps.size());
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    fold(r);
                }
                for (TopicPartition tp : tps) {
                    view.advance(tp.partition(), consumer.position(tp));
                }
            }
        } catch (RuntimeException e) {
            LOG.error("stopped following " + Topics.CONCEPT_EVENTS, e);
        }
    }

    /** The log was validated on the way in; a record that still cannot be read is logged and skipped. */
    private void fold(ConsumerRecord<byte[], byte[]> r) {
        try {
            CloudEventAttributes attributes = KafkaCloudEvents.read(r.headers());
            Object message = MessageCodec.decodeTrusted(attributes.type(), r.value());
            if (!(message instanceof ConceptEvent event)) {
                LOG.warnf("%s is not a concept event; skipped at %s-%d@%d", attributes.type(), r.topic(),
                        r.partition(), r.offset());
                return;
            }
            JsonNode data = MotifJson.mapper().readTree(r.value());
            view.apply(r.partition(), r.offset(), attributes, event, data);
        } catch (Exception e) {
            LOG.warnf("unreadable log record skipped at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(),
                    e.getMessage());
        }
        view.advance(r.partition(), r.offset() + 1);
    }
}
