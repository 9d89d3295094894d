package io.motif.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A Java agent loaded into every child process of the local stack ({@code -javaagent:watch.jar=ARGS}).
 * It ties the child's life to the process that started it, so that killing a test JVM or the launcher, even
 * with {@code kill -9}, never leaves a broker or an S3 server behind: when the parent is gone, the child exits.
 *
 * <p>A launcher that wants its children to outlive it ({@code ./motif up}) writes a detach file holding its own
 * pid once everything is healthy; a child whose parent is gone and finds that file keeps running. A launcher killed
 * before it got that far leaves no file, so its children exit.
 *
 * <p>Arguments: {@code pid=<parent pid>,start=<parent start epoch ms>[,detach=<file>]}. The start time guards
 * against the parent's pid being reused by an unrelated process.
 */
public final class ParentWatchAgent {

    private static final long POLL_MILLIS = 500;
    /** How long the child's own shutdown hooks (a clean broker stop) may take before the JVM is halted. */
    private static final long GRACE_MILLIS = 20_000;

    private ParentWatchAgent() {
    }

    public static void premain(String args) {
        WatchArgs watch = WatchArgs.parse(args);
        Thread thread = new Thread(() -> watch(watch), "motif-parent-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private static void watch(WatchArgs watch) {
        while (isAlive(watch.parentPid(), watch.parentStartMillis())) {
            sleep(POLL_MILLIS);
        }
        if (watch.detachFile() != null && detachedBy(watch.detachFile(), watch.parentPid())) {
            return; // the launcher handed us over: we are a long-running service now
        }
        System.err.println("motif: parent process " + watch.parentPid() + " is gone; shutting down");
        Thread halter = new Thread(() -> {
            sleep(GRACE_MILLIS);
            Runtime.getRuntime().halt(3);
        }, "motif-parent-watch-halt");
        halter.setDaemon(true);
        halter.start();
        System.exit(3);
    }

    static boolean isAlive(long pid, long startMillis) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        Optional<Instant> start = handle.get().info().startInstant();
        // start instants are only known to the second on some systems
        return start.isEmpty() || startMillis <= 0 || Math.abs(start.get().toEpochMilli() - startMillis) < 2_000;
    }

    private static boolean detachedBy(Path file, long parentPid) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim().equals(Long.toString(parentPid));
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The agent's argument string, written by {@link #argsFor} and read by {@link #parse}. */
    record WatchArgs(long parentPid, long parentStartMillis, Path detachFile) {

        static WatchArgs parse(String args) {
            long pid = -1;
            long start = 0;
            Path detach = null;
            for (String part : (args == null ? "" : args).split(",")) {
                int eq = part.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = part.substring(0, eq);
                String value = part.substring(eq + 1);
                switch (key) {
                    case "pid" -> pid = Long.parseLong(value);
                    case "start" -> start = Long.parseLong(value);
                    case "detach" -> detach = Path.of(value);
                    default -> { }
                }
            }
            if (pid <= 0) {
                throw new IllegalArgumentException("motif parent-watch agent needs pid=<parent pid>, got: " + args);
            }
            return new WatchArgs(pid, start, detach);
        }

        String format() {
            String s = "pid=" + parentPid + ",start=" + parentStartMillis;
            return detachFile == null ? s : s + ",detach=" + detachFile.toAbsolutePath();
        }

        /** Arguments that tie a child to the current JVM. */
        static WatchArgs ofCurrentProcess(Path detachFile) {
            ProcessHandle self = ProcessHandle.current();
            long start = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
            return new WatchArgs(self.pid(), start, detachFile);
        }
    }
}
