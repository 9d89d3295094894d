package io.motif.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.motif.events.job.TrainingJob;
import io.motif.events.schema.MessageCodec;
import io.motif.jobs.storage.ContentAddress;
import io.motif.jobs.storage.S3BlobStore;
import io.motif.stack.StackEndpoints;
import io.motif.testing.MotifStackExtension;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 6's "two trainers, kill -9": two trainer worker processes (the real {@code TrainingJobBody} on motif-tiny,
 * the real worker protocol) share three jobs on a real broker and S3 server; the owner of one job is killed with
 * SIGKILL after its first checkpoint. Every job must complete exactly once, the killed job on the other worker from
 * the last checkpoint, and both workers must have trained.
 */
@ExtendWith(MotifStackExtension.class)
class TwoTrainersProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(240);
    private static final int STEPS = 12;
    private static final int CHECKPOINT_EVERY = 3;
    private static final String COMPLETED = "concept.training-completed.v1";
    private static final String STARTED = "concept.training-started.v1";

    private final Map<String, Process> workers = new HashMap<>();
    /** The status topic: a job that ends other than completed fails the test at once, with its reason. */
    private TopicReader terminal;

    @AfterEach
    void killWorkers() throws Exception {
        for (Process p : workers.values()) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aKilledTrainersJobResumesFromItsCheckpointOnTheOtherAndEveryJobCompletesOnce(StackEndpoints stack)
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Topics t = new Topics("trainers-" + run, "jobs-" + run, "status-" + run, "progress-" + run, "commands-" + run);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(t.jobs(), 2, (short) 1),
                    new NewTopic(t.status(), 1, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                    new NewTopic(t.progress(), 1, (short) 1), new NewTopic(t.commands(), 2, (short) 1))).all().get();
        }
        List<String> images = uploadImages(stack);
        startWorker(stack, t, "trainer-a");
        startWorker(stack, t, "trainer-b");
        awaitTrue("both workers hold a partition", () -> membersWithPartitions(stack, t.group()) == 2);

        // job-0 and job-2 share partition 0, so whoever ends up owning it runs them one after the other
        send(stack, t.jobs(), 0, "concept-0", job("train-job-0", "concept-0", images));
        send(stack, t.jobs(), 1, "concept-1", job("train-job-1", "concept-1", images));
        send(stack, t.jobs(), 0, "concept-2", job("train-job-2", "concept-2", images));

        try (TopicReader progress = new TopicReader(stack.kafkaBootstrapServers(), t.progress());
             TopicReader commands = new TopicReader(stack.kafkaBootstrapServers(), t.commands());
             TopicReader status = new TopicReader(stack.kafkaBootstrapServers(), t.status())) {
            terminal = status;
            awaitTrue("job-0 passed a checkpoint", () -> progress.json().stream().anyMatch(n ->
                    n.path("jobId").asText().equals("train-job-0") && n.path("state").asText().equals("checkpointed")));
            String victim = lastWorker(progress.json(), "train-job-0");
            String survivor = victim.equals("trainer-a") ? "trainer-b" : "trainer-a";
            workers.get(victim).destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no goodbye, no checkpoint
            int lastCheckpointBeforeKill = progress.json().stream()
                    .filter(n -> n.path("jobId").asText().equals("train-job-0") && n.path("state").asText().equals("checkpointed"))
                    .mapToInt(n -> n.path("step").asInt()).max().orElseThrow();

            awaitTrue("every job completed", () -> commands.events(COMPLETED).size() >= 3);
            Process last = workers.get(survivor);
            last.destroy();
            assertThat(last.waitFor(60, TimeUnit.SECONDS)).as("the survivor stops on SIGTERM").isTrue();

            // exactly one completion per job, all of them by the survivor for job-0
            Map<String, List<JsonNode>> completions = commands.events(COMPLETED).stream()
                    .collect(Collectors.groupingBy(n -> n.path("jobId").asText()));
            assertThat(completions).containsOnlyKeys("train-job-0", "train-job-1", "train-job-2");
            assertThat(completions.values()).allSatisfy(c -> assertThat(c).hasSize(1));
            assertThat(completions.values()).allSatisfy(c -> assertThat(c.get(0).path("steps").asInt()).isEqualTo(STEPS));
            assertThat(completions.get("train-job-0").get(0).path("worker").asText()).isEqualTo(survivor);
            assertThat(status.json()).extracting(n -> n.path("jobId").asText() + ":" + n.path("state").asText())
                    .containsExactlyInAnyOrder("train-job-0:completed", "train-job-1:completed", "train-job-2:completed");

            // the survivor took job-0 up from the last checkpoint the victim wrote, not from step 0
            JsonNode resumed = commands.events(STARTED).stream().filter(n -> n.path("jobId").asText().equals("train-job-0")
                    && n.path("worker").asText().equals(survivor)).findFirst().orElseThrow();
            int from = resumed.path("resumedFromStep").asInt();
            assertThat(from).isPositive().isLessThan(STEPS).isGreaterThanOrEqualTo(lastCheckpointBeforeKill);
            assertThat(from % CHECKPOINT_EVERY).isZero();
            List<JsonNode> marks = progress.json();
            assertThat(marks).anyMatch(n -> n.path("jobId").asText().equals("train-job-0")
                    && n.path("state").asText().equals("resumed") && n.path("worker").asText().equals(survivor)
                    && n.path("step").asInt() == from);
            assertThat(stepsRun(marks, "train-job-0", survivor)).as("the survivor ran only the steps after the checkpoint")
                    .allMatch(step -> step > from).contains(STEPS);
            assertThat(stepsRun(marks, "train-job-0", victim)).as("the victim trained job-0 until it was killed")
                    .contains(from);

            // both workers did work, and each job's single writer heard who started it
            assertThat(marks.stream().filter(n -> n.path("state").asText().equals("running"))
                    .map(n -> n.path("worker").asText()).distinct()).containsExactlyInAnyOrder(victim, survivor);
            assertThat(commands.events(STARTED)).extracting(n -> n.path("jobId").asText())
                    .contains("train-job-0", "train-job-1", "train-job-2");
        }
    }

    private record Topics(String group, String jobs, String status, String progress, String commands) {
    }

    private static String job(String jobId, String conceptId, List<String> images) {
        TrainingJob job = new TrainingJob(jobId, conceptId, "t1", 1, "circle", "<new1>", "ktn", images, STEPS, 1, 1e-3,
                7L, null, null);
        return new String(MessageCodec.encode(job), StandardCharsets.UTF_8);
    }

    /** Four drawings of one orange ring, the concept every job learns. */
    private static List<String> uploadImages(StackEndpoints stack) throws Exception {
        S3BlobStore store = S3BlobStore.connect(stack.s3Endpoint(), stack.accessKey(), stack.secretKey(), stack.bucket());
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            BufferedImage img = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, 48, 48);
            g.setColor(Color.ORANGE);
            g.fillOval(4 + 3 * i, 6 + 2 * i, 28, 28);
            g.dispose();
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(img, "png", png);
            keys.add(ContentAddress.store(store, ContentAddress.prefix("t1", "images"), png.toByteArray()));
        }
        return keys;
    }

    private void startWorker(StackEndpoints stack, Topics t, String id) throws Exception {
        Path log = Path.of("target", "trainer-" + t.group() + "-" + id + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        Path model = Path.of("..", "..", "models", "motif-tiny").toAbsolutePath().normalize();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "-cp", System.getProperty("java.class.path"), TrainerWorkerMain.class.getName(),
                stack.kafkaBootstrapServers(), stack.s3Endpoint(), stack.accessKey(), stack.secretKey(), stack.bucket(),
                t.group(), id, t.jobs(), t.status(), t.progress(), t.commands(), model.toString(),
                Path.of("target", "trainer-work-" + t.group(), id).toAbsolutePath().toString(),
                String.valueOf(CHECKPOINT_EVERY));
        workers.put(id, new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
    }

    /** Job records are keyed by concept id, as the planner enqueues them; the partition is chosen by the test. */
    private static void send(StackEndpoints stack, String topic, int partition, String key, String value)
            throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", stack.kafkaBootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, partition, key, value)).get();
        }
    }

    private static int membersWithPartitions(StackEndpoints stack, String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            if (admin.listGroups().all().get().stream().noneMatch(g -> g.groupId().equals(group))) {
                return 0;
            }
            return (int) admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().stream()
                    .filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
        }
    }

    /** The worker that reported the latest running step of a job. */
    private static String lastWorker(List<JsonNode> progress, String jobId) {
        String worker = null;
        for (JsonNode n : progress) {
            if (n.path("jobId").asText().equals(jobId) && n.path("state").asText().equals("running")) {
                worker = n.path("worker").asText();
            }
        }
        return worker;
    }

    private static List<Integer> stepsRun(List<JsonNode> progress, String jobId, String worker) {
        Function<JsonNode, Boolean> mine = n -> n.path("jobId").asText().equals(jobId)
                && n.path("worker").asText().equals(worker) && n.path("state").asText().equals("running");
        return progress.stream().filter(mine::apply).map(n -> n.path("step").asInt()).toList();
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private void awaitTrue(String what, Check check) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            if (terminal != null) {
                assertThat(terminal.json()).as("jobs that ended otherwise than completed")
                        .allMatch(n -> n.path("state").asText().equals("completed"));
            }
            if (check.ok()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting until " + what);
    }
}
