package io.motif.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.motif.jobs.storage.DirectoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobCheckpointsTest {

    @TempDir
    Path dir;

    @Test
    void theLatestCheckpointWinsAndAnotherWorkerSeesIt() throws Exception {
        DirectoryBlobStore store = new DirectoryBlobStore(dir);
        JobCheckpoints writer = new JobCheckpoints(store, "tenant-a/jobs", "job-7");
        assertThat(writer.latest()).isEmpty();

        writer.save(5, "five".getBytes(StandardCharsets.UTF_8));
        writer.save(10, "ten".getBytes(StandardCharsets.UTF_8));

        // a different worker, same store: the newest state comes back
        Checkpoint latest = new JobCheckpoints(new DirectoryBlobStore(dir), "tenant-a/jobs", "job-7").latest().orElseThrow();
        assertThat(latest.step()).isEqualTo(10);
        assertThat(new String(latest.state(), StandardCharsets.UTF_8)).isEqualTo("ten");
        assertThat(dir.resolve("tenant-a/jobs/job-7/checkpoints/step-000000005")).exists();
    }

    @Test
    void jobIdsThatWouldEscapeTheKeyLayoutAreRefused() {
        DirectoryBlobStore store = new DirectoryBlobStore(dir);
        assertThatThrownBy(() -> new JobCheckpoints(store, "p", "../other")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JobCheckpoints(store, "p", "a/b")).isInstanceOf(IllegalArgumentException.class);
    }
}
