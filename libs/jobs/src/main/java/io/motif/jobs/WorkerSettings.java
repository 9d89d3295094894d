package io.motif.jobs;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where a worker reads jobs and writes their traces. All workers of one kind share {@code groupId}; each has its
 * own {@code workerId} (it names the worker in progress records and its transactional producer).
 *
 * @param jobTopic      jobs, keyed by job id (so every record of one job lands in one partition: one owner)
 * @param statusTopic   compacted, keyed by job id: the terminal state of each job, written in the same transaction
 *                      as the consumed offset; it is what makes completion exactly-once
 * @param progressTopic progress reports (step, loss, lr, ETA), keyed by job id, short retention
 * @param sessionTimeout how long a silent worker (kill -9, lost network) keeps its partitions before the group
 *                      gives them to another worker
 * @param stopGrace     how long a job has to checkpoint and give itself back on shutdown or revocation
 */
public record WorkerSettings(
        String bootstrapServers,
        String groupId,
        String workerId,
        String jobTopic,
        String statusTopic,
        String progressTopic,
        Duration pollTimeout,
        Duration sessionTimeout,
        Duration stopGrace,
        Map<String, Object> extraClientProperties) {

    public WorkerSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(jobTopic, "jobTopic");
        Objects.requireNonNull(statusTopic, "statusTopic");
        Objects.requireNonNull(progressTopic, "progressTopic");
        extraClientProperties = Map.copyOf(extraClientProperties);
    }

    /** Defaults fit for long jobs: 45 s session timeout (Kafka's default), 60 s to checkpoint on shutdown. */
    public static WorkerSettings of(String bootstrapServers, String groupId, String workerId, String jobTopic,
                                    String statusTopic, String progressTopic) {
        return new WorkerSettings(bootstrapServers, groupId, workerId, jobTopic, statusTopic, progressTopic,
                Duration.ofMillis(500), Duration.ofSeconds(45), Duration.ofSeconds(60), Map.of());
    }

    public WorkerSettings withSessionTimeout(Duration timeout) {
        return new WorkerSettings(bootstrapServers, groupId, workerId, jobTopic, statusTopic, progressTopic,
                pollTimeout, timeout, stopGrace, extraClientProperties);
    }

    public WorkerSettings withStopGrace(Duration grace) {
        return new WorkerSettings(bootstrapServers, groupId, workerId, jobTopic, statusTopic, progressTopic,
                pollTimeout, sessionTimeout, grace, extraClientProperties);
    }
}
