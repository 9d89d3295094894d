package io.motif.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.motif.stack.ProcessStack;
import io.motif.stack.StackEndpoints;
import io.motif.stack.StackHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The long-job protocol on a real broker and a real S3 server, with workers as separate JVMs so that one can be
 * killed with SIGKILL (no shutdown hook, no goodbye to the group) or stopped with SIGTERM.
 */
class JobWorkerProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    /** Laid out like Motif's job topics: keyed by concept id, the job id in the body. */
    private static final String JOB =
            "{\"jobId\": \"%s\", \"conceptId\": \"%s\", \"steps\": %d, \"stepMillis\": 200, \"checkpointEvery\": 5}";

    private static ProcessStack stack;
    private static StackEndpoints endpoints;
    private static KafkaTopics kafka;
    private final Map<String, Process> workers = new HashMap<>();

    private String group;
    private String jobs;
    private String status;
    private String progress;
    private String completions;

    @BeforeAll
    static void startStack() throws Exception {
        Path home = Path.of("target", "stack-" + UUID.randomUUID()).toAbsolutePath();
        stack = ProcessStack.startEphemeral(new StackHome(home));
        endpoints = stack.endpoints();
        kafka = new KafkaTopics(endpoints.kafkaBootstrapServers());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @AfterEach
    void killWorkers() throws Exception {
        for (Process p : workers.values()) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void topics(int jobPartitions) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        group = "workers-" + run;
        jobs = "jobs-" + run;
        status = "status-" + run;
        progress = "progress-" + run;
        completions = "completions-" + run;
        kafka.create(jobs, jobPartitions, status, progress, completions);
    }

    @Test
    void twoWorkersShareTheJobsAndAKilledWorkersJobResumesFromItsCheckpointAndCompletesOnce() throws Exception {
        topics(2);
        startWorker("w-a");
        startWorker("w-b");
        await("both workers hold a partition", () -> kafka.membersWithPartitions(group) == 2);

        kafka.send(jobs, 0, "concept-0", JOB.formatted("job-0", "concept-0", 30));
        kafka.send(jobs, 1, "concept-1", JOB.formatted("job-1", "concept-1", 30));

        try (KafkaTopics.Reader progressReader = kafka.reader(progress);
             KafkaTopics.Reader completionReader = kafka.reader(completions);
             KafkaTopics.Reader statusReader = kafka.reader(status)) {
            List<JsonNode> running = awaitJson(progressReader, all -> runningWorkers(all).size() == 2);
            Map<String, String> owner = runningWorkers(running);
            assertThat(owner.values()).as("one job on each worker: they share the work").doesNotHaveDuplicates();
            assertThat(running).as("progress names the concept of its job").allMatch(n ->
                    n.path("conceptId").asText().equals(n.path("jobId").asText().replace("job-", "concept-")));

            // kill -9 the owner of job-0 once it has passed its first checkpoint
            String victim = owner.get("job-0");
            String survivor = victim.equals("w-a") ? "w-b" : "w-a";
            awaitJson(progressReader, all -> all.stream().anyMatch(n -> n.path("jobId").asText().equals("job-0")
                    && n.path("state").asText().equals("checkpointed")));
            workers.get(victim).destroyForcibly().waitFor(10, TimeUnit.SECONDS);

            await("both jobs completed", () -> completionReader.all().size() >= 2);
            stopGracefully(survivor);

            List<JsonNode> done = completionReader.allJson();
            assertThat(done).extracting(n -> n.path("jobId").asText()).containsExactlyInAnyOrder("job-0", "job-1");
            JsonNode resumed = done.stream().filter(n -> n.path("jobId").asText().equals("job-0")).findFirst()
                    .orElseThrow();
            assertThat(resumed.path("worker").asText()).isEqualTo(survivor);
            assertThat(resumed.path("resumedFrom").asLong()).as("resumed from a checkpoint, not from step 0")
                    .isPositive().isLessThan(30);
            assertThat(resumed.path("resumedFrom").asLong() % 5).isZero();
            assertThat(statusReader.allJson()).extracting(n -> n.path("jobId").asText() + ":" + n.path("state").asText())
                    .containsExactlyInAnyOrder("job-0:completed", "job-1:completed");
            assertThat(progressReader.allJson()).anyMatch(n -> n.path("jobId").asText().equals("job-0")
                    && n.path("state").asText().equals("resumed") && n.path("worker").asText().equals(survivor));
        }
    }

    @Test
    void sigtermCheckpointsAndHandsTheJobOverWithNoStepLostAndDuplicatesAndBadJobsAreSettled() throws Exception {
        topics(1);
        startWorker("w-c");
        startWorker("w-d");
        kafka.send(jobs, 0, "concept-l", JOB.formatted("job-long", "concept-l", 40));

        try (KafkaTopics.Reader progressReader = kafka.reader(progress);
             KafkaTopics.Reader completionReader = kafka.reader(completions);
             KafkaTopics.Reader statusReader = kafka.reader(status)) {
            List<JsonNode> running = awaitJson(progressReader, all -> all.stream()
                    .anyMatch(n -> n.path("state").asText().equals("running") && n.path("step").asLong() >= 3));
            String owner = runningWorkers(running).get("job-long");
            String other = owner.equals("w-c") ? "w-d" : "w-c";

            Process ownerProcess = workers.get(owner);
            ownerProcess.destroy(); // SIGTERM
            assertThat(ownerProcess.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(ownerProcess.exitValue()).as("a graceful exit").isIn(0, 143);

            await("the job completed (progress: " + progressReader.allJson() + ")", () -> !completionReader.all().isEmpty());
            List<JsonNode> marks = progressReader.allJson();
            JsonNode yielded = marks.stream().filter(n -> n.path("state").asText().equals("yielded")).findFirst()
                    .orElseThrow(() -> new AssertionError("no yield reported: " + marks));
            assertThat(yielded.path("worker").asText()).isEqualTo(owner);
            JsonNode completion = completionReader.allJson().get(0);
            assertThat(completion.path("worker").asText()).isEqualTo(other);
            assertThat(completion.path("resumedFrom").asLong()).as("resumed exactly where the yield checkpointed")
                    .isEqualTo(yielded.path("step").asLong());

            // the same job id again, and a job with bad parameters: neither runs, both are settled on the log
            kafka.send(jobs, 0, "concept-l", JOB.formatted("job-long", "concept-l", 40));
            kafka.send(jobs, 0, "concept-b", JOB.formatted("job-bad", "concept-b", 0));
            await("the bad job is rejected", () -> statusReader.allJson().size() >= 2);
            stopGracefully(other);

            assertThat(completionReader.all()).hasSize(1);
            Map<String, String> states = statusReader.allJson().stream().collect(Collectors.toMap(
                    n -> n.path("jobId").asText(), n -> n.path("state").asText() + ":" + n.path("detail").asText()));
            assertThat(states).hasSize(2);
            assertThat(states.get("job-long")).startsWith("completed:");
            assertThat(states.get("job-bad")).isEqualTo("rejected:steps must be positive");
        }
    }

    private void startWorker(String id) throws Exception {
        Path log = Path.of("target", "worker-" + group + "-" + id + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                SleepyWorkerMain.class.getName(),
                endpoints.kafkaBootstrapServers(), endpoints.s3Endpoint(), endpoints.accessKey(),
                endpoints.secretKey(), endpoints.bucket(), group, id, jobs, status, progress, completions));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        workers.put(id, process);
    }

    private void stopGracefully(String id) throws InterruptedException {
        Process process = workers.get(id);
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(id + " stops on SIGTERM").isTrue();
    }

    /** job id -> the worker that reported a running step for it last. */
    private static Map<String, String> runningWorkers(List<JsonNode> progress) {
        Map<String, String> owners = new HashMap<>();
        for (JsonNode n : progress) {
            if (n.path("state").asText().equals("running")) {
                owners.put(n.path("jobId").asText(), n.path("worker").asText());
            }
        }
        return owners;
    }

    private static List<JsonNode> awaitJson(KafkaTopics.Reader reader, Predicate<List<JsonNode>> done)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            List<JsonNode> all = reader.allJson();
            if (done.test(all)) {
                return all;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out; progress so far: " + reader.allJson());
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void await(String what, Check check) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting until " + what + " at " + Instant.now());
    }
}
