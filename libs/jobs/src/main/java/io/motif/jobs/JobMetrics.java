package io.motif.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Job metrics for Prometheus: {@code motif_jobs_duration_seconds{kind,outcome}} (completed, failed, rejected,
 * yielded), {@code motif_jobs_duplicates_total}, {@code motif_jobs_fenced_total} and {@code motif_jobs_running}.
 */
public final class JobMetrics implements JobListener {

    private final MeterRegistry registry;
    private final String kind;
    private final AtomicInteger running = new AtomicInteger();

    public JobMetrics(MeterRegistry registry, String kind) {
        this.registry = registry;
        this.kind = kind;
        registry.gauge("motif.jobs.running", io.micrometer.core.instrument.Tags.of("kind", kind), running);
    }

    @Override
    public void started(Job job) {
        running.incrementAndGet();
    }

    @Override
    public void finished(Job job, String state, Duration took) {
        running.decrementAndGet();
        timer(state).record(took);
    }

    @Override
    public void yielded(Job job, Duration took) {
        running.decrementAndGet();
        timer("yielded").record(took);
    }

    @Override
    public void skippedDuplicate(Job job) {
        Counter.builder("motif.jobs.duplicates").tag("kind", kind).register(registry).increment();
    }

    @Override
    public void fenced(Job job, Exception cause) {
        running.decrementAndGet();
        Counter.builder("motif.jobs.fenced").tag("kind", kind).register(registry).increment();
    }

    private Timer timer(String outcome) {
        return Timer.builder("motif.jobs.duration").tag("kind", kind).tag("outcome", outcome).register(registry);
    }
}
