package io.motif.jobs;

import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * How a job body ended. Completed, failed and rejected are terminal: their records and the job's status are written
 * in one Kafka transaction together with the consumed offset. Yielded is not: the worker stopped the job (shutdown
 * or lost partition) after it saved a checkpoint, and the job stays on the topic for the next owner.
 */
public sealed interface JobOutcome {

    /** The terminal state named in the status record, or null for a yield. */
    String state();

    /** The records to publish atomically with the terminal status (events on the concept log, completions…). */
    List<ProducerRecord<String, String>> records();

    record Completed(String result, List<ProducerRecord<String, String>> records) implements JobOutcome {
        public Completed {
            records = List.copyOf(records);
        }

        @Override
        public String state() {
            return "completed";
        }
    }

    /** The job ran and could not finish (an engine error); not retried automatically. */
    record Failed(String reason, List<ProducerRecord<String, String>> records) implements JobOutcome {
        public Failed {
            records = List.copyOf(records);
        }

        @Override
        public String state() {
            return "failed";
        }
    }

    /** The job is invalid and was not run (bad parameters, missing inputs). */
    record Rejected(String reason, List<ProducerRecord<String, String>> records) implements JobOutcome {
        public Rejected {
            records = List.copyOf(records);
        }

        @Override
        public String state() {
            return "rejected";
        }
    }

    /** Stopped at a checkpoint and given back; another worker resumes it. */
    record Yielded(long checkpointStep) implements JobOutcome {
        @Override
        public String state() {
            return null;
        }

        @Override
        public List<ProducerRecord<String, String>> records() {
            return List.of();
        }
    }

    static JobOutcome completed(String result, List<ProducerRecord<String, String>> records) {
        return new Completed(result, records);
    }

    static JobOutcome failed(String reason) {
        return new Failed(reason, List.of());
    }

    static JobOutcome rejected(String reason) {
        return new Rejected(reason, List.of());
    }

    static JobOutcome yielded(long checkpointStep) {
        return new Yielded(checkpointStep);
    }
}
