package io.motif.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ParentWatchArgsTest {

    @Test
    void formatAndParseRoundTrip() {
        var args = new ParentWatchAgent.WatchArgs(4242, 1_700_000_000_123L, Path.of("/x/run/detached"));
        assertThat(ParentWatchAgent.WatchArgs.parse(args.format())).isEqualTo(args);
        var noDetach = new ParentWatchAgent.WatchArgs(7, 0, null);
        assertThat(ParentWatchAgent.WatchArgs.parse(noDetach.format())).isEqualTo(noDetach);
    }

    @Test
    void parentPidIsRequired() {
        assertThatThrownBy(() -> ParentWatchAgent.WatchArgs.parse("start=5")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReusedPidIsNotTheParent() {
        ProcessHandle self = ProcessHandle.current();
        long start = self.info().startInstant().orElseThrow().toEpochMilli();
        assertThat(ParentWatchAgent.isAlive(self.pid(), start)).isTrue();
        assertThat(ParentWatchAgent.isAlive(self.pid(), start - 3_600_000)).isFalse();
    }

    @Test
    void clusterIdsAreKraftShaped() {
        String id = KafkaBroker.newClusterId();
        assertThat(id).hasSize(22).doesNotStartWith("-").matches("[A-Za-z0-9_-]+");
        assertThat(KafkaBroker.newClusterId()).isNotEqualTo(id);
    }

    @Test
    void endpointsRoundTripThroughAFile(@org.junit.jupiter.api.io.TempDir Path dir) {
        var endpoints = new StackEndpoints("127.0.0.1:9092", "http://127.0.0.1:9000", "a", "s", "us-east-1", "b");
        endpoints.write(dir.resolve("stack.properties"));
        assertThat(StackEndpoints.read(dir.resolve("stack.properties"))).isEqualTo(endpoints);
        assertThat(StackEndpoints.portOf(endpoints.s3Endpoint())).isEqualTo(9000);
        assertThat(endpoints.asConfig()).containsEntry("kafka.bootstrap.servers", "127.0.0.1:9092")
                .containsEntry("motif.storage.bucket", "b");
    }
}
