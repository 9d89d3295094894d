package io.motif.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real broker and S3 server twice on one folder: the second start resumes the first one's data. */
class ProcessStackTest {

    @TempDir
    Path dir;

    @Test
    void startsStopsAndResumes() throws Exception {
        StackHome home = new StackHome(dir.resolve("stack"));
        StackEndpoints first;
        String clusterId;
        List<ProcessRecord> children;
        try (ProcessStack stack = ProcessStack.startDetachable(home, new ChildLauncher(home, null))) {
            first = stack.endpoints();
            assertThat(Ports.isOpen(StackEndpoints.portOf(first.kafkaBootstrapServers()))).isTrue();
            // an unsigned request is refused by a real S3 server with an S3 error document
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(first.s3Endpoint() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).contains("<Error>");
            clusterId = clusterIdOf(home);
            children = ProcessRecord.readAll(home.runDir());
            assertThat(children).extracting(ProcessRecord::name).containsExactlyInAnyOrder("kafka", "s3proxy");
            assertThat(children).allMatch(ProcessRecord::isRunning);
        }
        assertThat(children).noneMatch(ProcessRecord::isRunning);
        assertThat(ProcessRecord.readAll(home.runDir())).isEmpty();

        try (ProcessStack again = ProcessStack.startDetachable(home, new ChildLauncher(home, null))) {
            assertThat(clusterIdOf(home)).isEqualTo(clusterId);
            assertThat(again.endpoints()).isEqualTo(first);
        }
    }

    private static String clusterIdOf(StackHome home) throws Exception {
        return Files.readAllLines(home.dataDir("kafka").resolve("meta.properties")).stream()
                .filter(l -> l.startsWith("cluster.id=")).findFirst().orElseThrow();
    }
}
