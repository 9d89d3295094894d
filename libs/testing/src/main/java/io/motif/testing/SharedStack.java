package io.motif.testing;

import io.motif.stack.LocalStack;
import io.motif.stack.ProcessStack;
import io.motif.stack.StackEndpoints;
import io.motif.stack.StackHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One real stack per test JVM, started on first use and reused by every test class after it; it stops when the
 * JVM exits (and, should the JVM be killed, its child processes end on their own: see the local stack's
 * parent-watch agent).
 *
 * <p>Which stack: containers (Kafka + MinIO through Testcontainers) when a Docker engine answers, otherwise child
 * processes (a KRaft broker and S3Proxy, or MinIO if its binary is on the PATH). {@code -Dmotif.stack=processes}
 * or {@code containers} (or the {@code MOTIF_STACK} environment variable) forces one.
 */
public final class SharedStack {

    private static LocalStack stack;

    private SharedStack() {
    }

    /** The endpoints of this JVM's stack, starting it on the first call. */
    public static synchronized StackEndpoints endpoints() {
        if (stack == null) {
            stack = start();
            LocalStack started = stack;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "motif-test-stack-stop"));
            System.out.println("motif test stack: " + started.description());
        }
        return stack.endpoints();
    }

    private static LocalStack start() {
        String choice = System.getProperty("motif.stack", System.getenv().getOrDefault("MOTIF_STACK", "auto"))
                .toLowerCase(Locale.ROOT);
        boolean containers = switch (choice) {
            case "containers" -> true;
            case "processes" -> false;
            default -> ContainerStack.dockerAvailable();
        };
        return containers ? ContainerStack.start() : ProcessStack.startEphemeral(new StackHome(freshHome()));
    }

    /** Under the module's {@code target/} when there is one (so {@code mvn clean} removes leftovers), else a temp dir. */
    private static Path freshHome() {
        try {
            Path target = Path.of("target");
            return Files.isDirectory(target)
                    ? Files.createTempDirectory(target.toAbsolutePath(), "motif-stack-")
                    : Files.createTempDirectory("motif-stack-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the test stack", e);
        }
    }
}
