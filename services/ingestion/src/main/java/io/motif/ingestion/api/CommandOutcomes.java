package io.motif.ingestion.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.motif.events.cloudevents.KafkaCloudEvents;
import io.motif.events.completion.CommandAccepted;
import io.motif.events.completion.CommandRejected;
import io.motif.events.kafka.KafkaClients;
import io.motif.events.kafka.Topics;
import io.motif.events.schema.MessageCodec;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What became of each command: follows {@code motif.completions} (every partition, from the start, committed
 * records only) so that the link a 202 answer gives can say "accepted" or "rejected, because …". Commands this
 * replica sent are remembered with their tenant, so a pending command is visible to its tenant and to no one else.
 */
@ApplicationScoped
public class CommandOutcomes {
    private static final Logger LOG = Logger.getLogger(CommandOutcomes.class);

    /** {@code status} is pending, accepted or rejected. */
    public record Outcome(String commandId, String tenant, String conceptId, String commandType, String status,
                          String reasonCode, String reason) {
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    MeterRegistry registry;

    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private Thread thread;

    void start(@Observes StartupEvent event) {
        running.set(true);
        thread = new Thread(this::follow, "completions-follower");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running.set(false);
        if (thread != null) {
            thread.join(5_000);
        }
    }

    /** Records a command this replica sent, before any completion can arrive. */
    public void sent(String commandId, String tenant, String conceptId, String commandType) {
        outcomes.putIfAbsent(commandId, new Outcome(commandId, tenant, conceptId, commandType, "pending", null, null));
    }

    /** The outcome, only if the command belongs to {@code tenant}. */
    public Optional<Outcome> find(String commandId, String tenant) {
        return Optional.ofNullable(outcomes.get(commandId)).filter(o -> tenant.equals(o.tenant()));
    }

    private void follow() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClients.consumer(bootstrap, null))) {
            var partitions = consumer.partitionsFor(Topics.COMPLETIONS, Duration.ofSeconds(60)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    record(r);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("stopped following " + Topics.COMPLETIONS, e);
        }
    }

    private void record(ConsumerRecord<byte[], byte[]> r) {
        String type = KafkaCloudEvents.text(r.headers(), KafkaCloudEvents.TYPE);
        if ("command.accepted.v1".equals(type)) {
            CommandAccepted a = MessageCodec.decodeTrusted(r.value(), CommandAccepted.class);
            outcomes.put(a.commandId(), new Outcome(a.commandId(), a.tenant(), a.conceptId(), a.commandType(),
                    "accepted", null, null));
            registry.counter("motif_ingestion_command_outcomes_total", "type", a.commandType(), "outcome", "accepted")
                    .increment();
        } else if ("command.rejected.v1".equals(type)) {
            CommandRejected x = MessageCodec.decodeTrusted(r.value(), CommandRejected.class);
            Outcome before = outcomes.get(x.commandId());
            // a rejection may not carry the tenant (unreadable command): keep the sender's record of it
            String tenant = x.tenant() != null ? x.tenant() : before == null ? null : before.tenant();
            outcomes.put(x.commandId(), new Outcome(x.commandId(), tenant, x.conceptId(), x.commandType(), "rejected",
                    x.reasonCode(), x.reason()));
            registry.counter("motif_ingestion_command_outcomes_total", "type", String.valueOf(x.commandType()),
                    "outcome", "rejected").increment();
        }
    }
}
