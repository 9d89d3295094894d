package io.motif.trainer.jobs;

import java.io.IOException;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Mid-job reports straight to Kafka with an idempotent producer, waiting for the broker's acknowledgement. They are
 * not part of the worker's completion transaction on purpose: they must be visible while the job still runs. A
 * zombie's late report is harmless, the single writer judges every report against the concept's current attempt.
 */
public final class KafkaReportSink implements ReportSink, AutoCloseable {

    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final KafkaProducer<String, String> producer;

    public KafkaReportSink(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    @Override
    public void send(ProducerRecord<String, String> report) throws IOException {
        try {
            producer.send(report).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending a report", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("report not acknowledged: " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
