package io.motif.trainer.jobs;

import java.io.IOException;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Where a job body sends the reports it makes while a job runs ({@code training.started},
 * {@code training.checkpointed}) for the concept's single writer. A send returns once the broker has the record, so
 * a later report of the same job (the terminal one goes out in the worker's transaction) cannot overtake it on the
 * concept's partition of {@code motif.commands}.
 */
@FunctionalInterface
public interface ReportSink {

    void send(ProducerRecord<String, String> report) throws IOException;
}
