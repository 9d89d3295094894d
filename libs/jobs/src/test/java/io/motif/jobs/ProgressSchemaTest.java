package io.motif.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.motif.events.schema.SchemaRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the reporter sends is what {@code job.progress.v1} declares: step reports and lifecycle marks alike. */
class ProgressSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SchemaRegistry schemas = SchemaRegistry.instance();

    private final JobIdentity identity = JobIdentity.jsonFields("jobId", List.of("conceptId", "tenant"),
            Map.of("kind", "training"));

    @Test
    void recordsOfAWorkerWithTheJobsFieldsAndKindAreValid() throws Exception {
        String job = "{\"jobId\":\"train-cmd-0004-train\",\"conceptId\":\"my-dog\",\"tenant\":\"acme\",\"steps\":250}";
        ProgressReporter reporter = new ProgressReporter("train-cmd-0004-train", "trainer-0",
                identity.progressFields("my-dog", job), Clock.systemUTC(), s -> { });

        for (String record : List.of(reporter.mark("started", 0), reporter.step(1, 250, 0.5, 1e-5),
                reporter.step(2, 250, Double.NaN, 1e-5), reporter.mark("checkpointed", 2),
                reporter.mark("yielded", 2))) {
            assertThat(schemas.validate("job.progress.v1", JSON.readTree(record))).as(record).isEmpty();
        }
    }

    @Test
    void withoutTheKindTheRecordIsRejected() throws Exception {
        ProgressReporter reporter = new ProgressReporter("train-cmd-0004-train", "trainer-0",
                Map.of("conceptId", "my-dog", "tenant", "acme"), Clock.systemUTC(), s -> { });
        JsonNode record = JSON.readTree(reporter.step(1, 250, 0.5, 1e-5));
        assertThat(schemas.validate("job.progress.v1", record)).anySatisfy(p -> assertThat(p).contains("kind"));
    }
}
