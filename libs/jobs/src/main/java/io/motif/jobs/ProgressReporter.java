package io.motif.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns a job's step reports into progress records: step, total, loss, lr, steps/s and ETA. The rate is measured
 * over the steps this worker ran (not from step 0), so a job resumed from a checkpoint shows an honest ETA. The
 * records follow {@code schemas/progress/job.progress.v1.schema.json}; its required {@code conceptId},
 * {@code tenant} and {@code kind} come in through {@code fields} (see {@link JobIdentity#jsonFields}).
 */
public final class ProgressReporter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String jobId;
    private final String workerId;
    private final Map<String, String> fields;
    private final Clock clock;
    private final Consumer<String> sink;
    private Instant firstAt;
    private long firstStep = -1;
    private long totalSteps = -1;

    public ProgressReporter(String jobId, String workerId, Clock clock, Consumer<String> sink) {
        this(jobId, workerId, Map.of(), clock, sink);
    }

    /** @param fields copied into every record (the job's conceptId, tenant, kind…) */
    public ProgressReporter(String jobId, String workerId, Map<String, String> fields, Clock clock,
                            Consumer<String> sink) {
        this.jobId = jobId;
        this.workerId = workerId;
        this.fields = Map.copyOf(fields);
        this.clock = clock;
        this.sink = sink;
    }

    /** Reports that {@code step} of {@code totalSteps} is done; returns the JSON sent. */
    public String step(long step, long totalSteps, double loss, double lr) {
        Instant now = clock.instant();
        if (firstStep < 0) {
            firstStep = step;
            firstAt = now;
        }
        this.totalSteps = totalSteps;
        ObjectNode node = base("running").put("step", step).put("totalSteps", totalSteps);
        putNumber(node, "loss", loss);
        putNumber(node, "lr", lr);
        double seconds = Duration.between(firstAt, now).toNanos() / 1e9;
        if (step > firstStep && seconds > 0) {
            double rate = (step - firstStep) / seconds;
            node.put("stepsPerSecond", rate);
            node.put("etaSeconds", Math.max(0, totalSteps - step) / rate);
        }
        return send(node);
    }

    /**
     * A lifecycle mark (started, resumed, checkpointed, checkpoint-failed, yielded) with the step it happened at,
     * and the job's total once a step report has told it.
     */
    public String mark(String state, long step) {
        ObjectNode node = base(state).put("step", step);
        if (totalSteps > 0) {
            node.put("totalSteps", totalSteps);
        }
        return send(node);
    }

    private ObjectNode base(String state) {
        ObjectNode node = JSON.createObjectNode().put("jobId", jobId);
        fields.forEach(node::put);
        return node.put("worker", workerId).put("state", state).put("time", clock.instant().toString());
    }

    /** JSON has no NaN or infinity, and the schema types these fields as numbers, so such a value is left out. */
    private static void putNumber(ObjectNode node, String name, double value) {
        if (Double.isFinite(value)) {
            node.put(name, value);
        }
    }

    private String send(ObjectNode node) {
        String json = node.toString();
        sink.accept(json);
        return json;
    }
}
