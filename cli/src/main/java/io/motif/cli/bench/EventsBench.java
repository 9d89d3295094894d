package io.motif.cli.bench;

import io.motif.cli.bench.events.BenchHistory;
import io.motif.cli.bench.events.Figure;
import io.motif.cli.bench.events.LogWriter;
import io.motif.cli.bench.events.RawLogRead;
import io.motif.events.concept.ConceptState;
import io.motif.events.kafka.ConceptStore;
import io.motif.events.kafka.KafkaClients;
import io.motif.events.kafka.StateRebuilder;
import io.motif.events.kafka.TopicCatalog;
import io.motif.events.kafka.TopicProvisioner;
import io.motif.events.kafka.Topics;
import io.motif.events.snapshot.SnapshotStore;
import io.motif.stack.ChildLauncher;
import io.motif.stack.KafkaBroker;
import io.motif.stack.Ports;
import io.motif.stack.StackHome;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/**
 * {@code ./motif bench events}: rebuilds the state of M concepts from an N-event log in a real Kafka broker, from
 * the start of the log and from the latest snapshot plus a tail, and prints seconds and events/s (medians of
 * several runs) against issue 7's targets. A raw read of the same log by the same consumers (records fetched,
 * nothing decoded) is measured in the same runs as the baseline: the gap between the two is the cost of decoding
 * and folding. The log is written straight to the log topic (not through the command processor): writing is
 * setup; rebuilding is what every service does at start-up.
 */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "State rebuild from the concept event log in a real broker: full replay vs snapshot + tail.")
public final class EventsBench implements Callable<Integer> {

    /** Issue 7: at least 200,000 events/s rebuilt, and a restart from a snapshot in under 1 s plus the tail. */
    static final double TARGET_EVENTS_PER_SECOND = 200_000;
    static final double TARGET_SNAPSHOT_LOAD_SECONDS = 1.0;

    @Option(names = "--events", description = "events in the log (default ${DEFAULT-VALUE})")
    long events = 1_000_000;

    @Option(names = "--concepts", description = "concepts in the log (default ${DEFAULT-VALUE})")
    int concepts = 100_000;

    @Option(names = "--runs", description = "timed runs of each measurement; medians are reported (default ${DEFAULT-VALUE})")
    int runs = 3;

    @Option(names = "--tail", description = "events appended after the snapshot (default: 1% of --events)")
    long tail = -1;

    @Option(names = "--threads", description = "consumers reading side by side (default: the number of cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--compression", description = "compression of the written log: none, lz4, zstd, gzip, snappy (default ${DEFAULT-VALUE})")
    String compression = "lz4";

    @Option(names = "--partitions", description = "partitions of every topic (default: the catalog's)")
    int partitions = 0;

    @Option(names = "--bootstrap", description = "an existing broker to use (default: start a local KRaft broker)")
    String bootstrap;

    public static void main(String[] args) {
        System.exit(new CommandLine(new EventsBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (events < concepts || concepts < 1 || runs < 1 || threads < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "need --events >= --concepts >= 1, --runs >= 1 and --threads >= 1");
        }
        if (tail < 0) {
            tail = Math.max(1, events / 100);
        }
        Path home = null;
        KafkaBroker broker = null;
        if (bootstrap == null) {
            home = Files.createTempDirectory("motif-bench-events-");
            broker = new KafkaBroker(new ChildLauncher(new StackHome(home), null), Ports.free(), Ports.free());
            System.out.println("starting a local KRaft broker …");
            broker.start(Duration.ofMinutes(2));
            bootstrap = broker.bootstrapServers();
        }
        try {
            run();
            return 0;
        } finally {
            if (broker != null) {
                broker.process().stop(Duration.ofSeconds(20));
                new StackHome(home).delete();
            }
        }
    }

    private void run() throws Exception {
        Topics topics = new Topics("bench-" + System.currentTimeMillis() + ".");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicProvisioner.ensureTopics(admin, TopicCatalog.load(), topics, partitions);
        }
        int logPartitions = partitions > 0 ? partitions : TopicCatalog.load().get(Topics.CONCEPT_EVENTS).partitions();
        List<Integer> all = IntStream.range(0, logPartitions).boxed().toList();
        String log = topics.conceptEvents();
        BenchHistory history = new BenchHistory(concepts);
        System.out.printf("log: %,d concepts, %,d events, %d partitions, %s compression; %d consumer threads; "
                        + "broker %s; %d cores, load average %.1f%n", concepts, events, logPartitions, compression,
                threads, bootstrap, Runtime.getRuntime().availableProcessors(), Figure.loadAverage());
        System.out.println("jvm: " + Figure.jvm() + " (JVM options go in MOTIF_JAVA_OPTS)");

        LogWriter writer = new LogWriter(bootstrap, compression, System.out);
        System.out.println("writing the log (setup) …");
        double written = writer.write(log, events, history::event, "e-");
        System.out.printf("written in %.1f s (%,.0f events/s), load average %.1f%n%n", written, events / written,
                Figure.loadAverage());

        warmUp(log, all);

        Figure raw = new Figure("raw read of the log (baseline)", events);
        Figure full = new Figure("full rebuild, " + threads + " consumers", events);
        Figure single = new Figure("full rebuild, 1 consumer", events);
        ConceptStore reference = null;
        for (int r = 0; r < runs; r++) {
            raw.time(() -> check(RawLogRead.read(this::consumer, log, all, threads) == events, "raw read count"));
            ConceptStore store = new ConceptStore();
            full.time(() -> checkRebuild(rebuild(log, all, store, threads), store, events));
            reference = store;
            if (threads > 1) {
                ConceptStore one = new ConceptStore();
                single.time(() -> checkRebuild(rebuild(log, all, one, 1), one, events));
                if (r == runs - 1) {
                    check(states(one).equals(states(reference)), "one consumer and " + threads + " differ");
                }
            }
            System.out.printf("  run %d: full rebuild %.2f s%n", r + 1, full.last());
        }

        double snapshotWrite;
        int snapshots;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(writer.settings())) {
            long s0 = System.nanoTime();
            snapshots = SnapshotStore.write(producer, topics.snapshots(), reference, "/motif/bench");
            snapshotWrite = (System.nanoTime() - s0) / 1e9;
        }
        check(snapshots == concepts, "snapshot wrote " + snapshots);
        System.out.printf("snapshot of %,d concepts written in %.2f s, load average %.1f%n", snapshots,
                snapshotWrite, Figure.loadAverage());
        writer.write(log, tail, i -> history.event(events + i), "tail-");

        Figure load = new Figure("restart: load the snapshot", concepts);
        Figure tailRead = new Figure("restart: replay the tail", tail);
        Figure restart = new Figure("restart: snapshot + tail", concepts + tail);
        SnapshotStore.load(this::consumer, topics.snapshots(), new ConceptStore(), threads); // warm-up, untimed
        ConceptStore afterTail = null;
        for (int r = 0; r < runs; r++) {
            ConceptStore store = new ConceptStore();
            load.time(() -> check(SnapshotStore.load(this::consumer, topics.snapshots(), store, threads) == concepts,
                    "snapshot load count"));
            tailRead.time(() -> {
                StateRebuilder.Stats stats = rebuild(log, all, store, threads);
                check(stats.applied() == tail, "tail: applied " + stats.applied() + " of " + tail);
            });
            restart.add(load.last() + tailRead.last(), load.lastCpu() + tailRead.lastCpu(),
                    load.lastGc() + tailRead.lastGc(), load.lastLoad());
            afterTail = store;
        }
        ConceptStore replayed = new ConceptStore();
        StateRebuilder.Stats fullAfterTail = rebuild(log, all, replayed, threads);
        check(states(replayed).equals(states(afterTail)), "snapshot + tail differs from a full replay");

        System.out.printf("%nmedians of %d runs (load average = the machine's 1-minute load when each was taken)%n",
                runs);
        Figure.header(System.out);
        raw.print(System.out, "");
        full.print(System.out, target(full));
        if (threads > 1) {
            single.print(System.out, target(single));
        }
        load.print(System.out, String.format("< %.0f s: %s (%.1fx)", TARGET_SNAPSHOT_LOAD_SECONDS,
                load.median() < TARGET_SNAPSHOT_LOAD_SECONDS ? "met" : "NOT met",
                TARGET_SNAPSHOT_LOAD_SECONDS / load.median()));
        tailRead.print(System.out, "");
        restart.print(System.out, "");
        System.out.printf("%nsetup: log written in %.1f s; snapshot of %,d concepts written in %.2f s%n", written,
                concepts, snapshotWrite);
        System.out.printf("check: full replay after the tail (%,d events, %.2f s) equals snapshot + tail: yes%n",
                fullAfterTail.records(), fullAfterTail.seconds());
    }

    /** An untimed first pass, so that no figure pays for class loading and JIT compilation. */
    private void warmUp(String log, List<Integer> all) throws Exception {
        ConceptStore store = new ConceptStore();
        checkRebuild(rebuild(log, all, store, threads), store, events);
        RawLogRead.read(this::consumer, log, all, threads);
    }

    /** Throughput against 200,000 events/s (for the million events: under 5 s). */
    private static String target(Figure figure) {
        double rate = figure.perSecond();
        return String.format(">= %,.0f/s: %s (%.2fx)", TARGET_EVENTS_PER_SECOND,
                rate >= TARGET_EVENTS_PER_SECOND ? "met" : "NOT met", rate / TARGET_EVENTS_PER_SECOND);
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(KafkaClients.consumer(bootstrap, null));
    }

    private StateRebuilder.Stats rebuild(String log, List<Integer> all, ConceptStore store, int consumers) {
        return StateRebuilder.rebuild(this::consumer, log, all, store, consumers);
    }

    private void checkRebuild(StateRebuilder.Stats stats, ConceptStore store, long expected) {
        check(stats.records() == expected && stats.applied() == expected && store.size() == concepts,
                "rebuild read " + stats.records() + " events, applied " + stats.applied() + ", into "
                        + store.size() + " concepts");
    }

    private static Map<String, ConceptState> states(ConceptStore store) {
        Map<String, ConceptState> states = new HashMap<>();
        store.forEach((p, s) -> states.put(s.conceptId(), s));
        return states;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark check failed: " + what);
        }
    }
}
