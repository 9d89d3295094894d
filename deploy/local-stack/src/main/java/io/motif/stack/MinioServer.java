package io.motif.stack;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@code minio} server binary found on the PATH, run under a guarding JVM ({@link GuardedCommand}). */
public final class MinioServer implements ObjectStoreServer {

    static final String NAME = "minio";

    private final ChildLauncher launcher;
    private final Path binary;
    private final int port;
    private ProcessRecord process;

    public MinioServer(ChildLauncher launcher, Path binary, int port) {
        this.launcher = launcher;
        this.binary = binary;
        this.port = port;
    }

    /** The {@code minio} binary on the PATH, unless {@code MOTIF_NO_MINIO} is set. */
    static Optional<Path> findBinary() {
        if (System.getenv("MOTIF_NO_MINIO") != null) {
            return Optional.empty();
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "minio");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Override
    public void start(Duration timeout) {
        StackHome home = launcher.home();
        String console = Ports.LOOPBACK + ":" + Ports.free();
        process = launcher.startGuarded(NAME, List.of(binary.toString(), "server", home.dataDir("s3").toString(),
                "--address", Ports.LOOPBACK + ":" + port, "--console-address", console, "--quiet"),
                Map.of("MINIO_ROOT_USER", ACCESS_KEY, "MINIO_ROOT_PASSWORD", SECRET_KEY, "MINIO_REGION", REGION));
        launcher.awaitReady(process, () -> Ports.isOpen(port), timeout);
    }

    @Override
    public String endpoint() {
        return "http://" + Ports.LOOPBACK + ":" + port;
    }

    @Override
    public ProcessRecord process() {
        return process;
    }
}
