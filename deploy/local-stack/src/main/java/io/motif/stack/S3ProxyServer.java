package io.motif.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * S3Proxy (an S3 API in front of a jclouds blob store) on the {@code filesystem-nio2} provider: buckets are
 * folders and objects are files under {@code data/s3}. It runs as a child JVM because its bundled Guice and
 * Jetty clash with Quarkus in one JVM.
 */
public final class S3ProxyServer implements ObjectStoreServer {

    static final String NAME = "s3proxy";

    private final ChildLauncher launcher;
    private final int port;
    private ProcessRecord process;

    public S3ProxyServer(ChildLauncher launcher, int port) {
        this.launcher = launcher;
        this.port = port;
    }

    @Override
    public void start(Duration timeout) {
        StackHome home = launcher.home();
        Path config = home.runDir().resolve("s3proxy.properties");
        writeProperties(config, home.dataDir("s3"));
        process = launcher.startJvm(NAME, List.of(
                "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", ChildClasspaths.s3proxy(), "org.gaul.s3proxy.Main", "--properties", config.toString()),
                Map.of());
        launcher.awaitReady(process, () -> Ports.isOpen(port), timeout);
    }

    private void writeProperties(Path config, Path dataDir) {
        String properties = String.join("\n",
                "# written by motif-local-stack at every start",
                "s3proxy.endpoint=" + endpoint(),
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + dataDir,
                "jclouds.identity=" + ACCESS_KEY,
                "jclouds.credential=" + SECRET_KEY,
                "jclouds.regions=" + REGION,
                "");
        try {
            Files.writeString(config, properties, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
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
