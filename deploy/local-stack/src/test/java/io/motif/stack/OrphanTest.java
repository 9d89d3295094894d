package io.motif.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM that holds a stack with SIGKILL (no shutdown hooks run) and checks that the broker and the S3
 * server exit on their own: the parent-watch agent in each of them notices the parent is gone.
 */
class OrphanTest {

    @TempDir
    Path dir;

    @Test
    void childrenExitWhenTheirParentIsKilled() throws Exception {
        String java = ChildLauncher.javaExecutable();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StackHolder.class.getName(), dir.resolve("stack").toString())
                .redirectErrorStream(true).start();
        List<Long> children;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("READY")) {
                // start-up output of the holder
            }
            assertThat(line).as("the holder printed its children").isNotNull();
            children = Arrays.stream(line.substring("READY".length()).trim().split(" ")).map(Long::parseLong).toList();
            assertThat(children).hasSize(2).allMatch(pid -> ProcessHandle.of(pid).isPresent());

            holder.destroyForcibly(); // SIGKILL
            holder.waitFor();

            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (children.stream().anyMatch(OrphanTest::alive) && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
        } finally {
            holder.destroyForcibly();
        }
        assertThat(children).noneMatch(OrphanTest::alive);
    }

    private static boolean alive(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        return handle.isPresent() && handle.get().isAlive();
    }
}
