package io.motif.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A child process as recorded in its pid file: name, pid and start time (so that a reused pid is never mistaken
 * for ours). Any process can read the record and stop the child, which is how {@code ./motif down} works.
 */
public record ProcessRecord(String name, long pid, long startMillis, Path pidFile) {

    static ProcessRecord of(String name, ProcessHandle handle, Path pidFile) {
        long start = handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return new ProcessRecord(name, handle.pid(), start, pidFile);
    }

    void write() {
        try {
            Files.writeString(pidFile, pid + " " + startMillis + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + pidFile, e);
        }
    }

    public static Optional<ProcessRecord> read(Path pidFile) {
        try {
            String[] parts = Files.readString(pidFile, StandardCharsets.UTF_8).trim().split("\\s+");
            String file = pidFile.getFileName().toString();
            String name = file.endsWith(".pid") ? file.substring(0, file.length() - 4) : file;
            return Optional.of(new ProcessRecord(name, Long.parseLong(parts[0]), Long.parseLong(parts[1]), pidFile));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Every record in a run folder, sorted by name. */
    public static List<ProcessRecord> readAll(Path runDir) {
        List<ProcessRecord> records = new ArrayList<>();
        if (!Files.isDirectory(runDir)) {
            return records;
        }
        try (Stream<Path> files = Files.list(runDir)) {
            files.filter(p -> p.getFileName().toString().endsWith(".pid")).sorted()
                    .forEach(p -> read(p).ifPresent(records::add));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runDir, e);
        }
        return records;
    }

    /** The live process, if this record still names one. */
    public Optional<ProcessHandle> handle() {
        return ProcessHandle.of(pid).filter(h -> ParentWatchAgent.isAlive(pid, startMillis));
    }

    public boolean isRunning() {
        return handle().isPresent();
    }

    /**
     * Asks the process to stop (SIGTERM: the JVM runs its shutdown hooks, the broker closes its logs cleanly),
     * kills it after {@code grace}, and removes the pid file.
     */
    public void stop(Duration grace) {
        handle().ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
                try {
                    h.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // reported below by isRunning()
                }
            }
        });
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale pid file is harmless: its start time no longer matches any process
        }
    }
}
