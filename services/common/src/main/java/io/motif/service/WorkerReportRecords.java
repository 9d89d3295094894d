package io.motif.service;

import io.motif.events.event.WorkerReport;
import io.motif.events.kafka.CloudEventRecords;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A worker's report to the concept's single writer, as the string-valued record the job worker sends inside its
 * completion transaction. The CloudEvents id is {@code <jobId>:<what>}: a report replayed after a crash carries the
 * same id, and the single writer drops the duplicate.
 */
public final class WorkerReportRecords {

    private WorkerReportRecords() {
    }

    /** @param what what makes this report unique within its job ("completed", "failed", "checkpointed:25" …) */
    public static ProducerRecord<String, String> of(String commandsTopic, String source, WorkerReport report,
                                                    String what) {
        ProducerRecord<byte[], byte[]> raw = CloudEventRecords.of(commandsTopic, null, report.conceptId(),
                report.jobId() + ":" + what, source, Instant.now(), report);
        return new ProducerRecord<>(raw.topic(), null, report.conceptId(),
                new String(raw.value(), StandardCharsets.UTF_8), raw.headers());
    }
}
