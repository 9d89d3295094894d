package io.motif.stack;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;

/**
 * The local stack as child processes: a KRaft {@link KafkaBroker} and an {@link ObjectStoreServer}, all data
 * under one {@link StackHome}. Started twice on the same home it resumes (same data, the same ports when free).
 */
public final class ProcessStack implements LocalStack {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final StackHome home;
    private final KafkaBroker kafka;
    private final ObjectStoreServer objectStore;
    private final StackEndpoints endpoints;
    private final boolean deleteHomeOnClose;

    private ProcessStack(StackHome home, KafkaBroker kafka, ObjectStoreServer objectStore, boolean deleteHomeOnClose) {
        this.home = home;
        this.kafka = kafka;
        this.objectStore = objectStore;
        this.deleteHomeOnClose = deleteHomeOnClose;
        this.endpoints = new StackEndpoints(kafka.bootstrapServers(), objectStore.endpoint(),
                ObjectStoreServer.ACCESS_KEY, ObjectStoreServer.SECRET_KEY, ObjectStoreServer.REGION,
                StackEndpoints.DEFAULT_BUCKET);
    }

    /**
     * Starts a stack whose processes end with this JVM (tests), in a fresh folder deleted on {@link #close()}.
     * Its broker creates topics on first use.
     */
    public static ProcessStack startEphemeral(StackHome home) {
        return start(home, new ChildLauncher(home, null), true);
    }

    /**
     * Starts (or resumes) the stack under {@code home} for a launcher that will hand its children over by
     * writing its pid into {@link StackHome#detachFile()}. Its broker creates no topic implicitly: services create
     * the catalogued ones.
     */
    public static ProcessStack startDetachable(StackHome home, ChildLauncher launcher) {
        return start(home, launcher, false);
    }

    private static ProcessStack start(StackHome home, ChildLauncher launcher, boolean deleteHomeOnClose) {
        Optional<StackEndpoints> previous = Files.exists(home.endpointsFile())
                ? Optional.of(StackEndpoints.read(home.endpointsFile())) : Optional.empty();
        int kafkaPort = Ports.preferOrFree(previous.map(e -> StackEndpoints.portOf(e.kafkaBootstrapServers())).orElse(0));
        int s3Port = Ports.preferOrFree(previous.map(e -> StackEndpoints.portOf(e.s3Endpoint())).orElse(0));
        // a throwaway test stack lets tests use ad-hoc topics; a running Motif gets only catalogued topics
        KafkaBroker kafka = new KafkaBroker(launcher, kafkaPort, Ports.free(), deleteHomeOnClose);
        ObjectStoreServer objectStore = ObjectStoreServer.choose(launcher, s3Port);
        ProcessStack stack = new ProcessStack(home, kafka, objectStore, deleteHomeOnClose);
        try {
            // both servers start at once: on two cores this saves several seconds
            Thread s3 = new Thread(() -> objectStore.start(START_TIMEOUT), "motif-stack-s3-start");
            RuntimeException[] s3Failure = new RuntimeException[1];
            s3.setUncaughtExceptionHandler((t, e) -> s3Failure[0] = e instanceof RuntimeException r ? r
                    : new IllegalStateException(e));
            s3.start();
            kafka.start(START_TIMEOUT);
            s3.join();
            if (s3Failure[0] != null) {
                throw s3Failure[0];
            }
        } catch (RuntimeException | InterruptedException e) {
            stack.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        stack.endpoints.write(home.endpointsFile());
        return stack;
    }

    @Override
    public StackEndpoints endpoints() {
        return endpoints;
    }

    public StackHome home() {
        return home;
    }

    @Override
    public String description() {
        return "Kafka (KRaft) at " + endpoints.kafkaBootstrapServers() + ", "
                + (objectStore instanceof MinioServer ? "MinIO" : "S3Proxy") + " at " + endpoints.s3Endpoint()
                + ", data in " + home.root();
    }

    @Override
    public void close() {
        // an ephemeral stack's data is deleted anyway: no point waiting for a clean broker shutdown
        Duration grace = deleteHomeOnClose ? Duration.ZERO : STOP_GRACE;
        stop(objectStore.process(), grace);
        stop(kafka.process(), grace);
        if (deleteHomeOnClose) {
            home.delete();
        }
    }

    private static void stop(ProcessRecord process, Duration grace) {
        if (process != null) {
            process.stop(grace);
        }
    }
}
