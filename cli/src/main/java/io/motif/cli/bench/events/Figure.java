package io.motif.cli.bench.events;

import io.motif.cli.bench.Medians;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * One measured figure over several runs: wall seconds, this process's CPU seconds (on a shared machine wall time
 * depends on the neighbours, CPU time says what the work itself costs), the collectors' time (a rebuild keeps
 * every concept alive while it allocates per event, so a small young generation makes it copy the same states
 * over and over) and the machine's load when it was taken. Reports medians.
 */
public final class Figure {

    private final String label;
    private final long items;
    private final List<Double> wall = new ArrayList<>();
    private final List<Double> cpu = new ArrayList<>();
    private final List<Double> load = new ArrayList<>();
    private final List<Double> gc = new ArrayList<>();

    /** @param items what one run processes (events or concepts), for the per-second columns */
    public Figure(String label, long items) {
        this.label = label;
        this.items = items;
    }

    /** Something to time; may throw. */
    public interface Work {
        void run() throws Exception;
    }

    /** Times one run, after a collection so that garbage of the previous run is not billed to this one. */
    public void time(Work work) throws Exception {
        System.gc();
        double c0 = cpuSeconds();
        double g0 = gcSeconds();
        long t0 = System.nanoTime();
        work.run();
        add((System.nanoTime() - t0) / 1e9, cpuSeconds() - c0, gcSeconds() - g0, loadAverage());
    }

    public void add(double seconds, double cpuSeconds, double gcSeconds, double loadAverage) {
        wall.add(seconds);
        cpu.add(cpuSeconds);
        gc.add(gcSeconds);
        load.add(loadAverage);
    }

    public double lastGc() {
        return gc.get(gc.size() - 1);
    }

    public double last() {
        return wall.get(wall.size() - 1);
    }

    public double lastCpu() {
        return cpu.get(cpu.size() - 1);
    }

    public double lastLoad() {
        return load.get(load.size() - 1);
    }

    public double median() {
        return Medians.of(wall);
    }

    public double perSecond() {
        return items / median();
    }

    public static void header(PrintStream out) {
        out.printf("  %-34s %8s %12s %8s %12s %7s %6s  %s%n", "", "seconds", "per second", "cpu s", "per cpu-s",
                "gc s", "load", "target");
    }

    public void print(PrintStream out, String target) {
        double c = Medians.of(cpu);
        out.printf("  %-34s %8.3f %,12.0f %8.3f %,12.0f %7.3f %6.1f  %s%n", label, median(), perSecond(), c,
                items / c, Medians.of(gc), Medians.of(load), target);
    }

    /** The machine's 1-minute load average. */
    public static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Time the collectors report (pauses and, for concurrent ones, their cycles), all collectors together. */
    static double gcSeconds() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum() / 1e3;
    }

    /** The heap and collector this JVM runs with: they decide how much of a rebuild goes into collection. */
    public static String jvm() {
        Runtime rt = Runtime.getRuntime();
        String collectors = String.join("+", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList());
        return String.format("heap %d MiB now, %d MiB max; %s", rt.totalMemory() >> 20, rt.maxMemory() >> 20,
                collectors);
    }

    /** CPU time of this process (all threads, GC and JIT included). */
    static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }
}
