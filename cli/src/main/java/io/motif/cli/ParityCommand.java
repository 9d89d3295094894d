package io.motif.cli;

import io.motif.diffusion.parity.ParityResult;
import io.motif.diffusion.parity.ParitySuite;
import io.motif.diffusion.parity.ParitySuites;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./motif parity DIR}: runs every parity suite on the class path (found with ServiceLoader) against a
 * fixture folder made by diffusers, one line per check; exits 1 if any check fails or a suite errors.
 */
@Command(name = "parity", mixinStandardHelpOptions = true,
        description = {"Compare Motif with reference tensors made by diffusers/transformers.",
                "DIR is laid out like ../shared/fixtures/public (model folders + io.safetensors …);",
                "each check runs only when DIR holds its tensors. Prints NAME max_abs_err=… tol=… PASS|FAIL."})
public final class ParityCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "fixture folder")
    Path dir;

    private final PrintStream out;

    public ParityCommand() {
        this(System.out);
    }

    ParityCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        if (!Files.isDirectory(dir)) {
            out.println("not a folder: " + dir);
            return 2;
        }
        List<ParityResult> all = new ArrayList<>();
        boolean suiteFailed = false;
        for (ParitySuite suite : ParitySuites.discover()) {
            try {
                for (ParityResult r : suite.run(dir)) {
                    out.println(r.line());
                    all.add(r);
                }
            } catch (Exception | LinkageError e) {
                out.println(suite.name() + " ERROR " + e);
                suiteFailed = true;
            }
        }
        long failed = all.stream().filter(r -> !r.pass()).count();
        out.printf("%d checks, %d failed%s%n", all.size(), failed, suiteFailed ? ", a suite errored" : "");
        if (all.isEmpty() && !suiteFailed) {
            out.println("no reference tensors found in " + dir);
            return 1;
        }
        return failed == 0 && !suiteFailed ? 0 : 1;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ParityCommand()).execute(args));
    }
}
