package io.motif.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller in one process), run from the
 * {@code kafka_2.13} jars as a child JVM on loopback ports. Its log dir is formatted once with
 * {@code kafka.tools.StorageTool}; a later start on the same folder resumes with all topics and offsets.
 */
public final class KafkaBroker {

    static final String NAME = "kafka";
    /** The line KafkaRaftServer logs once broker and controller are up. */
    private static final String STARTED = "Kafka Server started";

    private final ChildLauncher launcher;
    private final int port;
    private final int controllerPort;
    private final boolean autoCreateTopics;
    private ProcessRecord process;

    /** A broker that creates topics on first use (for benchmarks and tests with ad-hoc topics). */
    public KafkaBroker(ChildLauncher launcher, int port, int controllerPort) {
        this(launcher, port, controllerPort, true);
    }

    /**
     * @param autoCreateTopics whether the broker creates a topic on first use. Off for a running Motif (services
     *                         create the catalogued topics with their partition counts, schemas/topics.json; a
     *                         consumer that came first would otherwise create one with a single partition); on for
     *                         throwaway test stacks, whose tests use ad-hoc topics.
     */
    public KafkaBroker(ChildLauncher launcher, int port, int controllerPort, boolean autoCreateTopics) {
        this.launcher = launcher;
        this.port = port;
        this.controllerPort = controllerPort;
        this.autoCreateTopics = autoCreateTopics;
    }

    public String bootstrapServers() {
        return Ports.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    public ProcessRecord process() {
        return process;
    }

    public void start(Duration timeout) {
        StackHome home = launcher.home();
        Path logDir = home.dataDir(NAME);
        Path config = home.runDir().resolve("kafka-server.properties");
        writeServerProperties(config, logDir);
        String classpath = ChildClasspaths.kafka();
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            launcher.runJvm("kafka-format", List.of("-cp", classpath, "kafka.tools.StorageTool",
                    "format", "--cluster-id", newClusterId(), "--config", config.toString(), "--ignore-formatted"),
                    timeout);
        }
        Path log = home.logFile(NAME);
        long logStart = ChildLauncher.logSize(log);
        process = launcher.startJvm(NAME, List.of(
                "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-cp", classpath, "kafka.Kafka", config.toString()), Map.of());
        // the port first: an admin call before the broker listens floods the client log with warnings
        launcher.awaitReady(process, () -> Ports.isOpen(port) && ChildLauncher.logContains(log, logStart, STARTED),
                timeout);
    }

    private void writeServerProperties(Path config, Path logDir) {
        String host = Ports.LOOPBACK;
        String properties = String.join("\n",
                "# written by motif-local-stack at every start",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + host + ":" + controllerPort,
                "listeners=PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + host + ":" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + logDir,
                "num.partitions=1", // Kafka's default; Motif's topics are created with their catalogued partition counts
                "auto.create.topics.enable=" + autoCreateTopics,
                // one node: every internal topic has a single replica
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=3",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "num.network.threads=2",
                "num.io.threads=2",
                "background.threads=2",
                "num.recovery.threads.per.data.dir=1",
                "");
        try {
            Files.writeString(config, properties, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
    }

    /** A KRaft cluster id: 16 random bytes, URL-safe base64 without padding, not starting with '-'. */
    static String newClusterId() {
        SecureRandom random = new SecureRandom();
        while (true) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }
}
