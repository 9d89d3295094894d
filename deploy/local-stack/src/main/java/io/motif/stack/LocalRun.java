package io.motif.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Motif on one machine ({@code ./motif up|down|status}): the local stack plus every service, each a detached
 * process with its log in {@code .motif/logs} and its pid in {@code .motif/run}.
 *
 * <p>Until everything is healthy the children are tied to this launcher (killed with it, even by SIGKILL); then
 * the launcher writes the detach file and exits, and they keep running until {@link #down()}.
 */
public final class LocalRun {

    private static final Duration STACK_STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration SERVICE_STOP_GRACE = Duration.ofSeconds(20);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(300);

    private final Path repoRoot;
    private final StackHome home;
    private final List<ServiceSpec> services;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public LocalRun(Path repoRoot, StackHome home, List<ServiceSpec> services, PrintStream out) {
        this.repoRoot = repoRoot.toAbsolutePath().normalize();
        this.home = home;
        this.services = services;
        this.out = out;
    }

    /** Starts what is not running yet, waits until all of it is healthy, then hands it over. */
    public void up(boolean wipe, List<String> serviceJavaOptions) {
        if (wipe) {
            down();
            home.wipeData();
            out.println("wiped " + home.root().resolve("data"));
        }
        for (ServiceSpec service : services) {
            if (!Files.isRegularFile(service.runnerJar(repoRoot))) {
                throw new IllegalStateException("not built: " + repoRoot.relativize(service.runnerJar(repoRoot))
                        + " (run ./mvnw install -DskipTests)");
            }
        }
        try {
            Files.deleteIfExists(home.detachFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildLauncher launcher = new ChildLauncher(home, home.detachFile());
        List<ProcessRecord> started = new ArrayList<>();
        try {
            StackEndpoints endpoints = ensureStack(launcher, started);
            List<ServiceSpec> starting = new ArrayList<>();
            for (ServiceSpec service : services) {
                if (running(service.processName()).isPresent()) {
                    continue;
                }
                if (!Ports.isFree(service.port())) {
                    throw new IllegalStateException("port " + service.port() + " for " + service.name()
                            + " is taken by another program (choose other ports with --port-base)");
                }
                started.add(startService(launcher, service, endpoints, serviceJavaOptions));
                starting.add(service);
            }
            awaitHealthy(starting);
            // from here on the children outlive this launcher
            Files.writeString(home.detachFile(), Long.toString(ProcessHandle.current().pid()), StandardCharsets.UTF_8);
            printUrls(endpoints);
        } catch (RuntimeException | IOException e) {
            out.println("start-up failed; stopping what this run started");
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).stop(SERVICE_STOP_GRACE);
            }
            throw e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
        }
    }

    private StackEndpoints ensureStack(ChildLauncher launcher, List<ProcessRecord> started) {
        boolean kafkaUp = running(KafkaBroker.NAME).isPresent();
        boolean s3Up = running(S3ProxyServer.NAME).isPresent() || running(MinioServer.NAME).isPresent();
        if (kafkaUp && s3Up && Files.exists(home.endpointsFile())) {
            out.println("stack already running");
            return StackEndpoints.read(home.endpointsFile());
        }
        stopStack(); // a half-running stack (one server died) restarts whole
        out.println("starting Kafka and the object store (data in " + home.root().resolve("data") + ") …");
        ProcessStack stack = ProcessStack.startDetachable(home, launcher);
        for (String name : List.of(KafkaBroker.NAME, S3ProxyServer.NAME, MinioServer.NAME)) {
            running(name).ifPresent(started::add);
        }
        out.println(stack.description());
        return stack.endpoints();
    }

    private ProcessRecord startService(ChildLauncher launcher, ServiceSpec service, StackEndpoints endpoints,
                                       List<String> javaOptions) {
        List<String> args = new ArrayList<>(javaOptions);
        args.add("-Dquarkus.http.port=" + service.port());
        for (Map.Entry<String, String> e : endpoints.asConfig().entrySet()) {
            args.add("-D" + e.getKey() + "=" + e.getValue());
        }
        args.add("-jar");
        args.add(service.runnerJar(repoRoot).toString());
        out.println("starting " + service.name() + " on port " + service.port() + " …");
        // in the repository, so that relative paths in the services' configuration (models/…) resolve
        return launcher.startJvm(service.processName(), args, Map.of(), repoRoot);
    }

    private void awaitHealthy(List<ServiceSpec> starting) {
        long deadline = System.nanoTime() + HEALTH_TIMEOUT.toNanos();
        List<ServiceSpec> waiting = new ArrayList<>(starting);
        while (!waiting.isEmpty()) {
            for (ServiceSpec service : List.copyOf(waiting)) {
                if (running(service.processName()).isEmpty()) {
                    throw new IllegalStateException(service.name() + " exited during start-up:\n"
                            + ChildLauncher.tail(home.logFile(service.processName())));
                }
                if (health(service).equals("UP")) {
                    out.println(service.name() + " is healthy");
                    waiting.remove(service);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not healthy within " + HEALTH_TIMEOUT + ": "
                        + waiting.stream().map(ServiceSpec::name).toList() + " (logs in " + home.root().resolve("logs") + ")");
            }
            sleep(1000);
        }
    }

    /** Stops the services, then the object store, then the broker (cleanly: its data is kept). */
    public void down() {
        List<ProcessRecord> records = ProcessRecord.readAll(home.runDir());
        for (ProcessRecord record : records) {
            if (record.name().startsWith("service-")) {
                stopAndReport(record, SERVICE_STOP_GRACE);
            }
        }
        stopStack();
        try {
            Files.deleteIfExists(home.detachFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stopStack() {
        for (String name : List.of(S3ProxyServer.NAME, MinioServer.NAME, KafkaBroker.NAME)) {
            ProcessRecord.read(home.pidFile(name)).ifPresent(r -> stopAndReport(r, STACK_STOP_GRACE));
        }
    }

    private void stopAndReport(ProcessRecord record, Duration grace) {
        boolean wasRunning = record.isRunning();
        record.stop(grace);
        if (wasRunning) {
            out.println("stopped " + record.name() + " (pid " + record.pid() + ")");
        }
    }

    /** One line per process: what runs, its pid, and for services their health. Returns whether all is up. */
    public boolean status() {
        boolean allUp = true;
        StackEndpoints endpoints = Files.exists(home.endpointsFile()) ? StackEndpoints.read(home.endpointsFile()) : null;
        for (String name : List.of(KafkaBroker.NAME, S3ProxyServer.NAME, MinioServer.NAME)) {
            Optional<ProcessRecord> record = ProcessRecord.read(home.pidFile(name));
            if (record.isEmpty() && !name.equals(KafkaBroker.NAME)) {
                continue; // only one of the object stores is ever used
            }
            boolean up = record.map(ProcessRecord::isRunning).orElse(false);
            allUp &= up;
            String where = endpoints == null ? "" : name.equals(KafkaBroker.NAME)
                    ? endpoints.kafkaBootstrapServers() : endpoints.s3Endpoint();
            out.printf("%-18s %-8s %-8s %s%n", name, up ? "running" : "stopped",
                    up ? record.get().pid() : "-", up ? where : "");
        }
        for (ServiceSpec service : services) {
            Optional<ProcessRecord> record = running(service.processName());
            String health = record.isPresent() ? health(service) : "-";
            allUp &= health.equals("UP");
            out.printf("%-18s %-8s %-8s %s  health: %s%n", service.name(), record.isPresent() ? "running" : "stopped",
                    record.map(r -> Long.toString(r.pid())).orElse("-"), service.url(), health);
        }
        return allUp;
    }

    private Optional<ProcessRecord> running(String name) {
        return ProcessRecord.read(home.pidFile(name)).filter(ProcessRecord::isRunning);
    }

    /** "UP", "DOWN" (with the failing checks' names) or "unreachable". */
    private String health(ServiceSpec service) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + service.port() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? "UP" : "DOWN " + response.body().replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "unreachable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unreachable";
        }
    }

    private void printUrls(StackEndpoints endpoints) {
        out.println();
        out.println("Motif is up.");
        out.printf("  %-10s %s%n", "kafka", endpoints.kafkaBootstrapServers());
        out.printf("  %-10s %s  (bucket %s, access key %s)%n", "s3", endpoints.s3Endpoint(), endpoints.bucket(),
                endpoints.accessKey());
        for (ServiceSpec service : services) {
            out.printf("  %-10s %s   (health %s/q/health, metrics %s/q/metrics)%n", service.name(), service.url(),
                    service.url(), service.url());
        }
        out.println("  logs       " + home.root().resolve("logs"));
        out.println("Stop with ./motif down.");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
