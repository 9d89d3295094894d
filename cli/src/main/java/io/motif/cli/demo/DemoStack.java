package io.motif.cli.demo;

import io.motif.stack.LocalRun;
import io.motif.stack.ProcessRecord;
import io.motif.stack.ServiceSpec;
import io.motif.stack.StackEndpoints;
import io.motif.stack.StackHome;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The running Motif the demo talks to: the local stack and the six services of {@code ./motif up}, started by the
 * same code ({@link LocalRun}) or found already running. Ingestion must know the demo tenant's key; one that was
 * started without it is restarted with it (it keeps no state of its own: it rebuilds from the log).
 *
 * @param startedHere whether nothing of the stack was running before (so the demo may stop it again)
 */
public record DemoStack(Path repoRoot, StackHome home, List<ServiceSpec> services, StackEndpoints endpoints,
                        DemoTenant tenant, boolean startedHere) {

    private static final Duration INGESTION_STOP_GRACE = Duration.ofSeconds(20);

    /**
     * @param extraServiceOptions JVM options for every service the call starts, beyond the tenant key
     */
    public static DemoStack ensure(Path repoRoot, StackHome home, int portBase, List<String> extraServiceOptions,
                                   PrintStream out) {
        List<ServiceSpec> services = ServiceSpec.all(portBase);
        DemoTenant tenant = DemoTenant.loadOrCreate(home.root().resolve("demo-api-key"));
        List<String> options = new ArrayList<>(extraServiceOptions);
        options.add(tenant.ingestionOption());
        boolean anythingRunning = ProcessRecord.readAll(home.runDir()).stream().anyMatch(ProcessRecord::isRunning);
        LocalRun run = new LocalRun(repoRoot, home, services, out);
        try {
            run.up(false, options);
            ServiceSpec ingestion = service(services, "ingestion");
            if (!new IngestionClient(ingestion.url(), tenant.apiKey()).acceptsKey()) {
                out.println("ingestion runs without the demo tenant's key; restarting it with the key …");
                ProcessRecord.read(home.pidFile(ingestion.processName())).ifPresent(r -> r.stop(INGESTION_STOP_GRACE));
                run.up(false, options);
                if (!new IngestionClient(ingestion.url(), tenant.apiKey()).acceptsKey()) {
                    throw new DemoFailure("ingestion still refuses the demo tenant's key after a restart; see "
                            + home.logFile(ingestion.processName()));
                }
            }
        } catch (IllegalStateException e) {
            throw new DemoFailure("Motif did not start: " + e.getMessage() + "\n(logs of every process are in "
                    + home.root().resolve("logs") + ")", e);
        }
        return new DemoStack(repoRoot, home, services, StackEndpoints.read(home.endpointsFile()), tenant,
                !anythingRunning);
    }

    public ServiceSpec service(String name) {
        return service(services, name);
    }

    /** The log a service writes, for error messages. */
    public Path logOf(String serviceName) {
        return home.logFile(service(serviceName).processName());
    }

    public IngestionClient ingestion() {
        return new IngestionClient(service("ingestion").url(), tenant.apiKey());
    }

    /** Stops everything of this stack (services, object store, broker); data stays. */
    public void stop(PrintStream out) {
        new LocalRun(repoRoot, home, services, out).down();
    }

    private static ServiceSpec service(List<ServiceSpec> services, String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }
}
