package io.motif.stack;

import java.time.Duration;

/** A real S3-compatible server run as a child process of the local stack. */
public interface ObjectStoreServer {

    /** Credentials every local object store is started with (local use only). */
    String ACCESS_KEY = "motif";
    String SECRET_KEY = "motif-secret-key";
    String REGION = "us-east-1";

    void start(Duration timeout);

    /** {@code http://127.0.0.1:<port>} */
    String endpoint();

    ProcessRecord process();

    /** Picks MinIO when a {@code minio} binary is on the PATH, S3Proxy otherwise. */
    static ObjectStoreServer choose(ChildLauncher launcher, int port) {
        return MinioServer.findBinary()
                .<ObjectStoreServer>map(binary -> new MinioServer(launcher, binary, port))
                .orElseGet(() -> new S3ProxyServer(launcher, port));
    }
}
