package io.motif.cli.bench;

import io.motif.events.Image;
import io.motif.events.concept.ConceptState;
import io.motif.events.event.ConceptEvent;
import io.motif.events.event.ConceptRegistered;
import io.motif.events.event.ImagesAdded;
import io.motif.events.event.RegularizationRequested;
import io.motif.events.event.RegularizationSelected;
import io.motif.events.event.SamplesGenerated;
import io.motif.events.event.SamplesRequested;
import io.motif.events.event.TrainingCheckpointed;
import io.motif.events.event.TrainingCompleted;
import io.motif.events.event.TrainingRequested;
import io.motif.events.event.TrainingStarted;
import io.motif.events.kafka.CloudEventRecords;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/**
 * {@code ./motif bench events}: rebuilds the state of N concepts from their event log in a real Kafka broker, from
 * the start of the log and from the latest snapshot plus a tail, and prints events/s and seconds (medians of
 * several runs). A raw read of the same log (records fetched, nothing decoded) is measured in the same run as the
 * baseline: the gap between the two is the cost of decoding and folding.
 * <p>
 * The log is written straight to the log topic (not through the command processor): this measures rebuilding,
 * which is what every service does at start-up.
 */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "State rebuild from the concept event log in a real broker: full replay vs snapshot + tail.")
public final class EventsBench implements Callable<Integer> {

    /** Events per concept in the generated history (a whole training life cycle plus a sampling request). */
    static final int EVENTS_PER_CONCEPT = 10;

    @Option(names = "--concepts", description = "concepts in the log (default ${DEFAULT-VALUE})")
    int concepts = 100_000;

    @Option(names = "--tail", description = "events appended after the snapshot (default ${DEFAULT-VALUE})")
    int tail = 10_000;

    @Option(names = "--runs", description = "timed runs of each measurement; medians are reported (default ${DEFAULT-VALUE})")
    int runs = 3;

    @Option(names = "--partitions", description = "partitions of every topic (default: the catalog's)")
    int partitions = 0;

    @Option(names = "--bootstrap", description = "an existing broker to use (default: start a local KRaft broker)")
    String bootstrap;

    public static void main(String[] args) {
        System.exit(new CommandLine(new EventsBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
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
            return run();
        } finally {
            if (broker != null) {
                broker.process().stop(Duration.ofSeconds(20));
                new StackHome(home).delete();
            }
        }
    }

    private int run() throws IOException {
        Topics topics = new Topics("bench-" + System.currentTimeMillis() + ".");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicProvisioner.ensureTopics(admin, TopicCatalog.load(), topics, partitions);
        }
        int logPartitions = partitions > 0 ? partitions : TopicCatalog.load().get(Topics.CONCEPT_EVENTS).partitions();
        List<Integer> all = IntStream.range(0, logPartitions).boxed().toList();
        long events = (long) concepts * EVENTS_PER_CONCEPT;
        System.out.printf("log: %,d concepts, %,d events, %d partitions, broker %s; load average %.1f on %d cores%n",
                concepts, events, logPartitions, bootstrap,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());

        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings())) {
            for (int round = 0; round < EVENTS_PER_CONCEPT; round++) {
                for (int c = 0; c < concepts; c++) {
                    ConceptEvent event = historyEvent(conceptId(c), round);
                    producer.send(CloudEventRecords.of(topics.conceptEvents(), null, event.conceptId(),
                            event.conceptId() + "/" + round, "/motif/bench", Instant.now(), event), this::acked);
                }
            }
            producer.flush();
        }
        checkWrites();
        System.out.printf("written in %.1f s%n%n", (System.nanoTime() - t0) / 1e9);

        double[] raw = new double[runs];
        double[] rawCpu = new double[runs];
        double[] full = new double[runs];
        double[] fullCpu = new double[runs];
        ConceptStore reference = null;
        for (int r = 0; r < runs; r++) {
            double c0 = cpuSeconds();
            raw[r] = rawRead(topics.conceptEvents(), all);
            double c1 = cpuSeconds();
            rawCpu[r] = c1 - c0;
            ConceptStore store = new ConceptStore();
            StateRebuilder.Stats stats = rebuild(topics, all, store);
            fullCpu[r] = cpuSeconds() - c1;
            check(stats.records() == events && store.size() == concepts, "full rebuild read " + stats.records()
                    + " events into " + store.size() + " concepts");
            full[r] = stats.seconds();
            reference = store;
        }

        long s0 = System.nanoTime();
        int written;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings())) {
            written = SnapshotStore.write(producer, topics.snapshots(), reference, "/motif/bench");
            double snapshotWrite = (System.nanoTime() - s0) / 1e9;
            System.out.printf("snapshot of %,d concepts written in %.2f s%n", written, snapshotWrite);
            for (int i = 0; i < tail; i++) {
                String id = conceptId(i % concepts);
                ConceptEvent event = new SamplesGenerated(id, "acme", "sample-" + id, "sampler-0",
                        List.of("acme/concepts/" + id + "/samples/" + i + ".png"));
                producer.send(CloudEventRecords.of(topics.conceptEvents(), null, id, id + "/tail/" + i,
                        "/motif/bench", Instant.now(), event), this::acked);
            }
            producer.flush();
        }
        checkWrites();

        double[] load = new double[runs];
        double[] loadCpu = new double[runs];
        double[] tailRead = new double[runs];
        double[] tailCpu = new double[runs];
        double[] restart = new double[runs];
        double[] restartCpu = new double[runs];
        ConceptStore afterTail = null;
        for (int r = 0; r < runs; r++) {
            ConceptStore store = new ConceptStore();
            long l0 = System.nanoTime();
            double c0 = cpuSeconds();
            int loaded;
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClients.consumer(bootstrap, null))) {
                loaded = SnapshotStore.load(consumer, topics.snapshots(), store);
            }
            load[r] = (System.nanoTime() - l0) / 1e9;
            double c1 = cpuSeconds();
            loadCpu[r] = c1 - c0;
            StateRebuilder.Stats stats = rebuild(topics, all, store);
            tailCpu[r] = cpuSeconds() - c1;
            restartCpu[r] = loadCpu[r] + tailCpu[r];
            check(loaded == concepts && stats.applied() == tail, "snapshot restart loaded " + loaded
                    + " and applied " + stats.applied() + " tail events");
            tailRead[r] = stats.seconds();
            restart[r] = load[r] + tailRead[r];
            afterTail = store;
        }
        ConceptStore replayed = new ConceptStore();
        StateRebuilder.Stats fullAfterTail = rebuild(topics, all, replayed);
        check(sameStates(replayed, afterTail), "snapshot + tail differs from a full replay");

        System.out.printf("%nmedians of %d runs%n", runs);
        System.out.printf("  %-38s %9s %14s %9s %16s%n", "", "seconds", "records/s", "cpu s", "records/cpu-s");
        row("raw read of the log (baseline)", median(raw), median(rawCpu), events);
        row("full rebuild from the start", median(full), median(fullCpu), events);
        row("restart: load snapshot", median(load), median(loadCpu), concepts);
        row("restart: replay tail", median(tailRead), median(tailCpu), tail);
        row("restart: snapshot + tail", median(restart), median(restartCpu), concepts + (long) tail);
        System.out.printf("%nfull replay after the tail: %,d events in %.2f s; equal to snapshot + tail: yes%n",
                fullAfterTail.records(), fullAfterTail.seconds());
        double rate = events / median(full);
        System.out.printf("target: >= 200,000 events/s rebuilt (%s), snapshot restart < 1 s plus the tail (%s)%n",
                rate >= 200_000 ? "met" : "NOT met", median(load) < 1 ? "met" : "NOT met");
        return 0;
    }

    private final java.util.concurrent.atomic.AtomicReference<Exception> writeFailure =
            new java.util.concurrent.atomic.AtomicReference<>();

    private void acked(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception e) {
        if (e != null) {
            writeFailure.compareAndSet(null, e);
        }
    }

    private void checkWrites() {
        if (writeFailure.get() != null) {
            throw new IllegalStateException("writing the log failed", writeFailure.get());
        }
    }

    /** On a busy machine a million sends can queue for minutes: give them time rather than expire batches. */
    private Map<String, Object> producerSettings() {
        Map<String, Object> settings = KafkaClients.producer(bootstrap, null);
        settings.put(org.apache.kafka.clients.producer.ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 900_000);
        settings.put(org.apache.kafka.clients.producer.ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 120_000);
        return settings;
    }

    private StateRebuilder.Stats rebuild(Topics topics, List<Integer> all, ConceptStore store) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClients.consumer(bootstrap, null))) {
            return StateRebuilder.rebuild(consumer, topics.conceptEvents(), all, store);
        }
    }

    /** Fetches every record of the log and touches its bytes, nothing more. */
    private double rawRead(String topic, List<Integer> all) {
        long start = System.nanoTime();
        long bytes = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClients.consumer(bootstrap, null))) {
            List<TopicPartition> tps = all.stream().map(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
            Map<TopicPartition, Long> remaining = new HashMap<>(ends);
            remaining.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            while (!remaining.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    bytes += record.value().length;
                }
                remaining.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
        }
        check(bytes > 0, "raw read found no bytes");
        return (System.nanoTime() - start) / 1e9;
    }

    private static boolean sameStates(ConceptStore a, ConceptStore b) {
        Map<String, ConceptState> left = new HashMap<>();
        a.forEach((p, s) -> left.put(s.conceptId(), s));
        Map<String, ConceptState> right = new HashMap<>();
        b.forEach((p, s) -> right.put(s.conceptId(), s));
        return left.equals(right);
    }

    static String conceptId(int c) {
        return String.format("concept-%07d", c);
    }

    /** The round-th event of a concept's history; every concept goes through the same life cycle. */
    static ConceptEvent historyEvent(String id, int round) {
        String t = "acme";
        String job = "train-" + id;
        String prefix = t + "/concepts/" + id + "/";
        return switch (round) {
            case 0 -> new ConceptRegistered(id, t, "Concept " + id, "dog", "<new1>", "ktn");
            case 1 -> new ImagesAdded(id, t, List.of(
                    new Image(prefix + "images/0.png", sha(id, 0), 512, 512, "png"),
                    new Image(prefix + "images/1.png", sha(id, 1), 512, 512, "png")));
            case 2 -> new RegularizationRequested(id, t, "reg-" + id, "retrieved", 200);
            case 3 -> new RegularizationSelected(id, t, "reg-" + id, "retrieval-0", "retrieved", 200,
                    prefix + "regularization/reg.json");
            case 4 -> new TrainingRequested(id, t, job, 1, 250, 8, 8e-5, 42);
            case 5 -> new TrainingStarted(id, t, job, 1, "trainer-0", null);
            case 6 -> new TrainingCheckpointed(id, t, job, 1, "trainer-0", 100, prefix + "checkpoints/100");
            case 7 -> new TrainingCheckpointed(id, t, job, 1, "trainer-0", 200, prefix + "checkpoints/200");
            case 8 -> new TrainingCompleted(id, t, job, 1, "trainer-0", 250, prefix + "deltas/delta.safetensors", 0.08);
            case 9 -> new SamplesRequested(id, t, "sample-" + id, List.of("photo of a <new1> dog"), 4, 50, 6.0, 7,
                    "ddim", null);
            default -> throw new IllegalArgumentException("round " + round);
        };
    }

    private static String sha(String id, int i) {
        String hex = Integer.toHexString((id + i).hashCode());
        return "0".repeat(64 - hex.length()) + hex;
    }

    private static void row(String label, double seconds, double cpu, long count) {
        System.out.printf("  %-38s %9.3f %,14.0f %9.3f %,16.0f%n", label, seconds, count / seconds, cpu, count / cpu);
    }

    /**
     * CPU time of this process (all threads, GC and JIT included). On a shared machine wall time depends on the
     * neighbours; CPU time says what the rebuild itself costs.
     */
    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark check failed: " + what);
        }
    }
}
