package io.motif.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.motif.events.job.JobProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {

    private static JobProgress step(String job, int step, Double loss, Double eta) {
        return new JobProgress(job, "star-1", "demo", "training", "trainer-1", step, 120, loss, "running", 1e-4,
                2.5, eta, null);
    }

    @Test
    void stepLinesShowStepLossRateAndEta() {
        assertThat(ProgressPrinter.format(step("j", 40, 0.08123, 32.4), "star"))
                .isEqualTo("  training  star          step   40/120  loss 0.0812  2.50 steps/s  ETA 32 s");
        assertThat(ProgressPrinter.format(new JobProgress("j", "star-1", "demo", "training", "trainer-2", 25, null,
                null, "resumed", null, null, null, null), "star"))
                .isEqualTo("  training  star          resumed at step 25 (trainer-2)");
    }

    @Test
    void stepLinesAreThrottledPerJobButMarksAndLastStepsAlwaysShow() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong(0);
        ProgressPrinter printer = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                Map.of("star-1", "star"), now::get);
        printer.accept(step("a", 1, 0.5, 100.0));
        printer.accept(step("a", 2, 0.4, 99.0));        // too soon after step 1
        printer.accept(step("b", 1, 0.6, 100.0));       // another job
        now.set(ProgressPrinter.STEP_LINE_EVERY_MILLIS);
        printer.accept(step("a", 3, 0.3, 98.0));
        printer.accept(step("a", 120, 0.1, 0.0));       // the last step
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).contains("step    1/120");
        assertThat(lines[1]).contains("step    1/120");
        assertThat(lines[2]).contains("step    3/120");
        assertThat(lines[3]).contains("step  120/120");
    }
}
