package io.motif.cli;

import io.motif.stack.LocalRun;
import io.motif.stack.ServiceSpec;
import io.motif.stack.StackHome;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./motif up|down|status}: Motif on one machine (see {@link LocalRun}). Runs only what is already built;
 * the launcher builds first.
 */
@Command(name = "stack", mixinStandardHelpOptions = true,
        description = {"Start, stop or show Motif on this machine: a Kafka broker (KRaft), an S3 server (S3Proxy, or "
                + "MinIO when a minio binary is on the PATH) and the six services, each its own process.",
                "Data and logs live in .motif/ under the repository: 'up' after 'down' resumes with the same topics "
                + "and objects; 'up --wipe' starts empty."})
public final class StackCommand implements Callable<Integer> {

    enum Action { up, down, status }

    @Parameters(index = "0", paramLabel = "ACTION", description = "up | down | status")
    Action action;

    @Option(names = "--wipe", description = "up: stop everything and delete all stored data first")
    boolean wipe;

    @Option(names = "--home", paramLabel = "DIR",
            description = "folder for data, logs and pid files (default: .motif in the repository)")
    Path home;

    @Option(names = "--port-base", paramLabel = "PORT",
            description = "HTTP port of the first service; the others follow (default ${DEFAULT-VALUE}: 8081..8086)")
    int portBase = ServiceSpec.DEFAULT_PORT_BASE;

    @Option(names = "--skip", paramLabel = "SERVICE", split = ",",
            description = "up: services not to start, e.g. --skip trainer,sampler")
    List<String> skip = List.of();

    @Option(names = "--service-java-opts", paramLabel = "OPTS",
            description = "extra JVM options for every service (default: $MOTIF_SERVICE_JAVA_OPTS)")
    String serviceJavaOpts = System.getenv().getOrDefault("MOTIF_SERVICE_JAVA_OPTS", "");

    @Override
    public Integer call() {
        Path repo = Path.of(System.getProperty("motif.home", ".")).toAbsolutePath().normalize();
        StackHome stackHome = new StackHome(home != null ? home : repo.resolve(".motif"));
        for (String name : skip) {
            if (ServiceSpec.all(portBase).stream().noneMatch(s -> s.name().equals(name))) {
                throw new CommandLine.ParameterException(new CommandLine(this), "no service named " + name);
            }
        }
        List<ServiceSpec> services = ServiceSpec.all(portBase).stream().filter(s -> !skip.contains(s.name())).toList();
        LocalRun run = new LocalRun(repo, stackHome, services, System.out);
        switch (action) {
            case up -> {
                List<String> opts = serviceJavaOpts.isBlank() ? List.of()
                        : Arrays.asList(serviceJavaOpts.trim().split("\\s+"));
                run.up(wipe, opts);
                return 0;
            }
            case down -> {
                run.down();
                return 0;
            }
            default -> {
                return run.status() ? 0 : 3;
            }
        }
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new StackCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("motif: " + e.getMessage());
            return 1;
        });
        System.exit(cli.execute(args));
    }
}
