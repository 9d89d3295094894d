package io.motif.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A clock the test moves by hand. */
    private static final class StepClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void etaComesFromTheStepsThisWorkerRanNotFromStepZero() throws Exception {
        StepClock clock = new StepClock();
        List<String> sent = new ArrayList<>();
        ProgressReporter reporter = new ProgressReporter("job-1", "w1", clock, sent::add);

        // resumed at step 100 of 250: the first report has no rate yet
        JsonNode first = JSON.readTree(reporter.step(100, 250, 0.5, 8e-5));
        assertThat(first.has("etaSeconds")).isFalse();

        // 10 steps in 5 s -> 2 steps/s -> 140 steps left take 70 s
        clock.now = clock.now.plus(Duration.ofSeconds(5));
        JsonNode later = JSON.readTree(reporter.step(110, 250, 0.25, 8e-5));
        assertThat(later.get("stepsPerSecond").asDouble()).isEqualTo(2.0);
        assertThat(later.get("etaSeconds").asDouble()).isEqualTo(70.0);
        assertThat(later.get("loss").asDouble()).isEqualTo(0.25);
        assertThat(later.get("lr").asDouble()).isEqualTo(8e-5);
        assertThat(later.get("jobId").asText()).isEqualTo("job-1");
        assertThat(later.get("worker").asText()).isEqualTo("w1");
        assertThat(sent).hasSize(2);
    }

    @Test
    void aNonFiniteLossIsLeftOutNotSentAsInvalidJson() throws Exception {
        ProgressReporter reporter = new ProgressReporter("j", "w", new StepClock(), s -> { });
        JsonNode node = JSON.readTree(reporter.step(1, 2, Double.NaN, 1e-5));
        assertThat(node.has("loss")).isFalse();
        assertThat(node.get("lr").asDouble()).isEqualTo(1e-5);
    }

    @Test
    void marksCarryTheFieldsAndTheTotalOnceAStepReportedIt() throws Exception {
        ProgressReporter reporter = new ProgressReporter("j", "w",
                Map.of("conceptId", "c", "tenant", "t", "kind", "merge"), new StepClock(), s -> { });
        JsonNode started = JSON.readTree(reporter.mark("started", 0));
        assertThat(started.has("totalSteps")).isFalse();
        assertThat(started.get("kind").asText()).isEqualTo("merge");
        reporter.step(3, 10, 0.1, 1e-5);
        JsonNode checkpointed = JSON.readTree(reporter.mark("checkpointed", 3));
        assertThat(checkpointed.get("totalSteps").asLong()).isEqualTo(10);
        assertThat(checkpointed.get("state").asText()).isEqualTo("checkpointed");
        assertThat(checkpointed.get("conceptId").asText()).isEqualTo("c");
    }
}
