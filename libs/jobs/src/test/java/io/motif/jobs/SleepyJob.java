package io.motif.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The fake job body of the protocol tests: it "trains" by sleeping one step at a time, checkpoints every few
 * steps, reports progress, and completes with a record saying who finished it and from which checkpoint.
 * Payload: {"steps": n, "stepMillis": ms, "checkpointEvery": k}.
 */
final class SleepyJob implements JobBody {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String completionsTopic;

    SleepyJob(String completionsTopic) {
        this.completionsTopic = completionsTopic;
    }

    @Override
    public JobOutcome run(JobContext context) throws Exception {
        JsonNode p = JSON.readTree(context.job().payload());
        int steps = p.path("steps").asInt(-1);
        if (steps <= 0) {
            return JobOutcome.rejected("steps must be positive");
        }
        long stepMillis = p.path("stepMillis").asLong(100);
        int every = p.path("checkpointEvery").asInt(5);

        Optional<Checkpoint> resumed = context.resume();
        long step = resumed.map(c -> ByteBuffer.wrap(c.state()).getLong()).orElse(0L);
        long resumedFrom = step;
        while (step < steps) {
            if (context.shouldStop()) {
                context.checkpoint(step, state(step));
                return JobOutcome.yielded(step);
            }
            Thread.sleep(stepMillis);
            step++;
            context.progress().step(step, steps, 1.0 / step, 1e-5);
            if (step % every == 0) {
                context.checkpoint(step, state(step));
            }
        }
        String result = JSON.createObjectNode().put("jobId", context.job().id()).put("worker", context.workerId())
                .put("resumedFrom", resumedFrom).put("steps", step).toString();
        return JobOutcome.completed(result, List.of(new ProducerRecord<>(completionsTopic, context.job().id(), result)));
    }

    private static byte[] state(long step) {
        return ByteBuffer.allocate(Long.BYTES).putLong(step).array();
    }
}
