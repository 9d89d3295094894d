package io.motif.cli.bench.events;

import io.motif.events.event.ConceptEvent;
import io.motif.events.kafka.CloudEventRecords;
import io.motif.events.kafka.KafkaClients;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;

/**
 * Writes many records as fast as the broker takes them: large lingering batches, compressed, still acks=all and
 * idempotent. Sends are never waited for one by one; acknowledgements are counted by a callback and checked in
 * bulk after the final flush, so a lost record still fails the run.
 */
public final class LogWriter {

    private final String bootstrap;
    private final String compression;
    private final PrintStream progress;

    /** @param compression a Kafka {@code compression.type}: none, lz4, zstd … */
    public LogWriter(String bootstrap, String compression, PrintStream progress) {
        this.bootstrap = bootstrap;
        this.compression = compression;
        this.progress = progress;
    }

    /** The producer settings of this writer (also used for the snapshot run, which is a bulk write too). */
    public Map<String, Object> settings() {
        Map<String, Object> settings = KafkaClients.producer(bootstrap, null);
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        settings.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        // on a busy machine the queue can take minutes to drain: wait rather than expire batches
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 900_000);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 120_000);
        return settings;
    }

    /**
     * Appends {@code count} events to the topic, keyed by concept id, as CloudEvents with ids
     * {@code <idPrefix><i>}; prints progress every tenth. Returns the seconds it took.
     *
     * @throws IllegalStateException if any record was not acknowledged
     */
    public double write(String topic, long count, LongFunction<ConceptEvent> events, String idPrefix) {
        long start = System.nanoTime();
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Callback callback = (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            } else {
                acked.incrementAndGet();
            }
        };
        long step = Math.max(1, count / 10);
        Instant now = Instant.now();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings())) {
            for (long i = 0; i < count; i++) {
                ConceptEvent event = events.apply(i);
                ProducerRecord<byte[], byte[]> record = CloudEventRecords.of(topic, null, event.conceptId(),
                        idPrefix + i, "/motif/bench", now, event);
                producer.send(record, callback);
                if ((i + 1) % step == 0 && count >= 100_000) {
                    double s = (System.nanoTime() - start) / 1e9;
                    progress.printf("  sent %,d / %,d (%,d acknowledged), %.1f s%n", i + 1, count, acked.get(), s);
                }
                if (failure.get() != null) {
                    break;
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("writing the log failed", failure.get());
        }
        if (acked.get() != count) {
            throw new IllegalStateException(acked.get() + " of " + count + " records acknowledged");
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
