package io.motif.stack;

import java.util.Arrays;

/**
 * Runs a native program (the {@code minio} server) as the child of a small JVM that carries the
 * {@link ParentWatchAgent}: when the agent ends this JVM, the shutdown hook ends the program too.
 * Output is inherited, so it lands in the same log file.
 */
public final class GuardedCommand {

    private GuardedCommand() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: GuardedCommand PROGRAM [ARGS...]");
            System.exit(2);
        }
        Process process = new ProcessBuilder(Arrays.asList(args)).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }, "motif-guarded-command-stop"));
        System.exit(process.waitFor());
    }
}
