package io.motif.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Starts the child processes of a local stack: each one a JVM carrying the {@link ParentWatchAgent}, its output
 * appended to {@code logs/<name>.log}, its pid recorded in {@code run/<name>.pid}.
 */
public final class ChildLauncher {

    private final StackHome home;
    private final Path agentJar;
    private final ParentWatchAgent.WatchArgs watch;

    /**
     * @param detachFile where a launcher that hands its children over writes its pid, or {@code null} when the
     *                   children must always end with this JVM (tests)
     */
    public ChildLauncher(StackHome home, Path detachFile) {
        this.home = home;
        this.agentJar = WatchAgentJar.writeInto(home.runDir());
        this.watch = ParentWatchAgent.WatchArgs.ofCurrentProcess(detachFile);
    }

    public StackHome home() {
        return home;
    }

    /** The java launcher of the running JVM, so children run on the same Java. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** JVM options every child gets: the parent-watch agent. */
    public List<String> agentOptions() {
        return List.of("-javaagent:" + agentJar + "=" + watch.format());
    }

    /** Starts a JVM child; {@code javaArgs} are everything after the {@code java} executable. */
    public ProcessRecord startJvm(String name, List<String> javaArgs, Map<String, String> env) {
        return startJvm(name, javaArgs, env, null);
    }

    /** As {@link #startJvm(String, List, Map)}, in {@code workingDir} (null: this JVM's). */
    public ProcessRecord startJvm(String name, List<String> javaArgs, Map<String, String> env, Path workingDir) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(agentOptions());
        command.addAll(javaArgs);
        return start(name, command, env, workingDir);
    }

    /** Starts a native program under a small guarding JVM ({@link GuardedCommand}) that carries the agent. */
    public ProcessRecord startGuarded(String name, List<String> program, Map<String, String> env) {
        List<String> javaArgs = new ArrayList<>(List.of("-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", agentJar.toString(), GuardedCommand.class.getName()));
        javaArgs.addAll(program);
        return startJvm(name, javaArgs, env, null);
    }

    /** Runs a JVM child to completion (a one-off tool such as the storage formatter). */
    public void runJvm(String name, List<String> javaArgs, Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(agentOptions());
        command.addAll(javaArgs);
        Path log = home.logFile(name);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " did not finish within " + timeout + "; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(name + " failed (exit " + process.exitValue() + "):\n" + tail(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + name, e);
        }
    }

    private ProcessRecord start(String name, List<String> command, Map<String, String> env, Path workingDir) {
        Path log = home.logFile(name);
        try {
            Files.writeString(log, "---- " + java.time.Instant.now() + " " + String.join(" ", command) + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(env);
            if (workingDir != null) {
                builder.directory(workingDir.toFile());
            }
            Process process = builder.start();
            ProcessRecord record = ProcessRecord.of(name, process.toHandle(), home.pidFile(name));
            record.write();
            return record;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /**
     * Waits until {@code ready} holds, failing fast (with the end of the child's log) if the child dies first.
     */
    public void awaitReady(ProcessRecord child, BooleanSupplier ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!child.isRunning()) {
                throw new IllegalStateException(child.name() + " exited during start-up:\n" + tail(home.logFile(child.name())));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(child.name() + " not ready within " + timeout + ":\n"
                        + tail(home.logFile(child.name())));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + child.name(), e);
            }
        }
    }

    /** The last lines of a log file, for error messages. */
    public static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log at " + log + ")";
        }
    }

    /** The current size of a log, so that a readiness check looks only at what a new start writes. */
    public static long logSize(Path log) {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Whether the log, from byte {@code from} on, contains {@code text} (readiness lines such as "started"). */
    public static boolean logContains(Path log, long from, String text) {
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            if (length <= from) {
                return false;
            }
            byte[] bytes = new byte[(int) Math.min(length - from, 16 << 20)];
            file.seek(from);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            return false;
        }
    }
}
