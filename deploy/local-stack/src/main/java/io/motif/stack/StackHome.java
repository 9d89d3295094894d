package io.motif.stack;

import io.motif.files.Folders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one folder that holds everything a local stack writes:
 * <pre>
 *   data/&lt;component&gt;/   broker log dirs, S3 buckets          (kept across restarts; {@link #wipeData()})
 *   logs/&lt;name&gt;.log       stdout + stderr of each child process
 *   run/&lt;name&gt;.pid        pid and start time of each running child ({@link ProcessRecord})
 *   run/stack.properties   endpoints of the running stack ({@link StackEndpoints})
 *   run/detached           written by a launcher that hands its children over ({@link ParentWatchAgent})
 * </pre>
 */
public record StackHome(Path root) {

    public StackHome {
        root = root.toAbsolutePath().normalize();
    }

    public Path dataDir(String component) {
        return createDirs(root.resolve("data").resolve(component));
    }

    public Path logFile(String name) {
        return createDirs(root.resolve("logs")).resolve(name + ".log");
    }

    public Path runDir() {
        return createDirs(root.resolve("run"));
    }

    public Path pidFile(String name) {
        return runDir().resolve(name + ".pid");
    }

    public Path endpointsFile() {
        return runDir().resolve("stack.properties");
    }

    public Path detachFile() {
        return runDir().resolve("detached");
    }

    /** Deletes all stored data (broker logs, buckets); logs and pid files stay. */
    public void wipeData() {
        deleteTree(root.resolve("data"));
    }

    /** Deletes the whole folder. */
    public void delete() {
        deleteTree(root);
    }

    private static void deleteTree(Path dir) {
        try {
            Folders.deleteRecursively(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private static Path createDirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
