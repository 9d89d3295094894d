package io.motif.cli;

import io.motif.cli.demo.DemoFailure;
import io.motif.cli.demo.DemoRun;
import io.motif.cli.demo.DemoSettings;
import io.motif.cli.demo.DemoStack;
import io.motif.stack.ServiceSpec;
import io.motif.stack.StackHome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./motif demo}: two shapes-world concepts end to end on the built-in model, through the public API of a
 * running Motif (see {@link DemoRun}); starts Motif first when it is not running.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Two concepts end to end on motif-tiny: starts Motif (Kafka, object storage, the six services) "
                + "unless it runs already, imports a regularization corpus, registers a striped star (<new1>) and a "
                + "dotted heart (<new2>) with 8 images each, retrieves regularization images, trains both (progress "
                + "shown live), samples each, merges them, samples both at once, and downloads the images.",
                "Defaults (about 6 minutes on a 2-core machine, stack start included; a build before it on a fresh clone "
                + "adds about 9): 200 training steps per "
                + "concept at batch 4, lr 1e-4; 2 prompts x 4 images per request, 25 DDIM steps, guidance 6, "
                + "seed 42."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--steps", paramLabel = "N", description = "training steps per concept (default ${DEFAULT-VALUE})")
    int steps = DemoSettings.DEFAULT_TRAINING_STEPS;

    @Option(names = "--out", paramLabel = "DIR",
            description = "where the images go (default: out/demo-<timestamp> in the repository)")
    Path out;

    @Option(names = "--keep-running", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "leave Motif running afterwards (default); --no-keep-running stops it again if this "
                    + "demo started it")
    boolean keepRunning = true;

    @Option(names = "--home", paramLabel = "DIR",
            description = "the stack's folder for data, logs and pid files, as for ./motif up (default: .motif in the "
                    + "repository)")
    Path home;

    @Option(names = "--port-base", paramLabel = "PORT",
            description = "HTTP port of the first service, as for ./motif up (default ${DEFAULT-VALUE}: 8081..8086)")
    int portBase = ServiceSpec.DEFAULT_PORT_BASE;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        Path repo = Path.of(System.getProperty("motif.home", ".")).toAbsolutePath().normalize();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        Path outDir = out != null ? out.toAbsolutePath() : repo.resolve("out").resolve("demo-" + stamp);
        DemoSettings settings = DemoSettings.defaults().withTrainingSteps(steps);

        System.out.println("== starting Motif (or finding it running) …");
        StackHome stackHome = new StackHome(home != null ? home : repo.resolve(".motif"));
        DemoStack stack = DemoStack.ensure(repo, stackHome, portBase, List.of(), System.out);
        try {
            DemoRun.Result result = new DemoRun(stack, settings, System.out).run(stamp.replace("-", ""), outDir,
                    new DemoRun.Corpus(repo.resolve("data/corpora"), "shapes-demo"));
            System.out.println();
            System.out.println("== done in " + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
            for (DemoRun.Outcome o : result.outcomes()) {
                System.out.printf("  %-24s %s%n", o.label(), String.join(" ", o.job().resultKeys()));
            }
            System.out.println("  images in " + outDir + ":");
            result.outcomes().stream().flatMap(o -> o.files().stream())
                    .forEach(f -> System.out.println("    " + f.getFileName()));
            System.out.println("  grids:");
            result.grids().forEach(g -> System.out.println("    " + g));
            System.out.println("  object keys are in bucket '" + stack.endpoints().bucket() + "' at "
                    + stack.endpoints().s3Endpoint());
            System.out.println("  console: " + stack.service("console").url() + "/console");
        } finally {
            if (keepRunning) {
                System.out.println("Motif keeps running; stop it with ./motif down");
            } else if (stack.startedHere()) {
                stack.stop(System.out);
            } else {
                System.out.println("Motif was running before the demo; left running (./motif down stops it)");
            }
        }
        return 0;
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new DemoCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("motif demo: " + (e instanceof DemoFailure ? "" : e.getClass().getSimpleName()
                    + ": ") + e.getMessage());
            return 1;
        });
        System.exit(cli.execute(args));
    }
}
