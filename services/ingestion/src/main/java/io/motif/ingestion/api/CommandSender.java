package io.motif.ingestion.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.motif.events.Vocabulary;
import io.motif.events.command.ConceptCommand;
import io.motif.events.kafka.CloudEventRecords;
import io.motif.events.kafka.KafkaClients;
import io.motif.events.kafka.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Puts REST requests on {@code motif.commands}: from there they take exactly the path of a command any other
 * producer sends (schema check, the concept's single writer, events, jobs, a completion), so the API has no
 * second code path to keep in step. The send is acknowledged by the broker before the API answers 202.
 */
@ApplicationScoped
public class CommandSender {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    MeterRegistry registry;

    private KafkaProducer<byte[], byte[]> producer;

    void start(@Observes StartupEvent event) {
        producer = new KafkaProducer<>(KafkaClients.producer(bootstrap, null));
    }

    void stop(@Observes ShutdownEvent event) {
        if (producer != null) {
            producer.close();
        }
    }

    public void send(ConceptCommand command) throws Exception {
        String type = Vocabulary.typeOf(command);
        try {
            producer.send(CloudEventRecords.of(Topics.COMMANDS, null, command.conceptId(), command.commandId(),
                    "motif/ingestion", Instant.now(), command)).get(30, TimeUnit.SECONDS);
            registry.counter("motif_ingestion_commands_total", "type", type, "outcome", "sent").increment();
        } catch (Exception e) {
            registry.counter("motif_ingestion_commands_total", "type", type, "outcome", "send_failed").increment();
            throw e;
        }
    }
}
