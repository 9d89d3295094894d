package io.motif.cli.demo;

import io.motif.events.job.JobProgress;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Prints running jobs' progress as it arrives on {@code motif.progress}: one line per lifecycle mark (started,
 * resumed, checkpointed …) and, per job, a step line at most every {@link #STEP_LINE_EVERY_MILLIS} ms plus its last
 * step, so a fast job does not flood the terminal.
 */
public final class ProgressPrinter implements Consumer<JobProgress> {

    static final long STEP_LINE_EVERY_MILLIS = 3_000;

    private final PrintStream out;
    private final Map<String, String> labels;
    private final LongSupplier clockMillis;
    private final Map<String, Long> lastLine = new HashMap<>();

    /**
     * @param labels short names to show instead of concept ids (concept id → label); others show the id
     */
    public ProgressPrinter(PrintStream out, Map<String, String> labels, LongSupplier clockMillis) {
        this.out = out;
        this.labels = Map.copyOf(labels);
        this.clockMillis = clockMillis;
    }

    @Override
    public synchronized void accept(JobProgress p) {
        boolean step = p.state() == null || "running".equals(p.state());
        boolean last = p.totalSteps() != null && p.step() >= p.totalSteps();
        long now = clockMillis.getAsLong();
        Long previous = lastLine.get(p.jobId());
        if (step && !last && previous != null && now - previous < STEP_LINE_EVERY_MILLIS) {
            return;
        }
        lastLine.put(p.jobId(), now);
        out.println(format(p, labels.getOrDefault(p.conceptId(), p.conceptId())));
    }

    /** "training  star  step  40/120  loss 0.0812  2.50 steps/s  ETA 28 s", or "training  star  resumed at step 25". */
    static String format(JobProgress p, String label) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "  %-9s %-14s", p.kind(), label));
        if (p.state() != null && !"running".equals(p.state())) {
            return s.append(p.state()).append(" at step ").append(p.step()).append(" (").append(p.worker()).append(')')
                    .toString();
        }
        s.append(String.format(Locale.ROOT, "step %4d", p.step()));
        if (p.totalSteps() != null) {
            s.append('/').append(p.totalSteps());
        }
        if (p.loss() != null) {
            s.append(String.format(Locale.ROOT, "  loss %.4f", p.loss()));
        }
        if (p.stepsPerSecond() != null) {
            s.append(String.format(Locale.ROOT, "  %.2f steps/s", p.stepsPerSecond()));
        }
        if (p.etaSeconds() != null) {
            s.append(String.format(Locale.ROOT, "  ETA %.0f s", p.etaSeconds()));
        }
        return s.toString();
    }
}
