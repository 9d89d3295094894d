package io.motif.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-over of {@code ./motif up}: once everything is up the launcher exits and its children keep running
 * (they find the detach file), until {@code down} stops them.
 */
class LocalRunTest {

    @TempDir
    Path dir;

    @Test
    void upHandsTheStackOverAndDownStopsIt() throws Exception {
        StackHome home = new StackHome(dir.resolve("motif"));
        Process launcher = new ProcessBuilder(ChildLauncher.javaExecutable(), "-cp", System.getProperty("java.class.path"),
                LocalRunUp.class.getName(), home.root().toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("launcher.out").toFile()).start();
        try {
            assertThat(launcher.waitFor(180, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
            assertThat(launcher.exitValue()).isZero();
        } finally {
            launcher.destroyForcibly();
        }
        List<ProcessRecord> children = ProcessRecord.readAll(home.runDir());
        assertThat(children).extracting(ProcessRecord::name).containsExactlyInAnyOrder("kafka", "s3proxy");
        Thread.sleep(2_000); // longer than the agents' poll interval: they have seen their parent go
        assertThat(children).allMatch(ProcessRecord::isRunning);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LocalRun run = new LocalRun(Path.of("."), home, List.of(), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(run.status()).isTrue();
        run.down();
        assertThat(children).noneMatch(ProcessRecord::isRunning);
        assertThat(run.status()).isFalse();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("stopped kafka", "stopped s3proxy");
    }
}
