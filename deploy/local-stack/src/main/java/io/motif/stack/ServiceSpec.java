package io.motif.stack;

import java.nio.file.Path;
import java.util.List;

/** One Motif service as the local run starts it: {@code services/<name>/target/quarkus-app/quarkus-run.jar}. */
public record ServiceSpec(String name, int port) {

    /** The six services, in start order, on ports {@code base .. base+5} (8081..8086 by default). */
    public static List<ServiceSpec> all(int portBase) {
        List<String> names = List.of("ingestion", "retrieval", "trainer", "merger", "sampler", "console");
        return java.util.stream.IntStream.range(0, names.size())
                .mapToObj(i -> new ServiceSpec(names.get(i), portBase + i)).toList();
    }

    public static final int DEFAULT_PORT_BASE = 8081;

    public Path runnerJar(Path repoRoot) {
        return repoRoot.resolve("services").resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public String url() {
        return "http://localhost:" + port;
    }

    /** The name of its pid file and log: {@code service-<name>}. */
    public String processName() {
        return "service-" + name;
    }
}
