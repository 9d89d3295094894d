package io.motif.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.motif.events.cloudevents.KafkaCloudEvents;
import io.motif.events.completion.CommandAccepted;
import io.motif.events.completion.CommandRejected;
import io.motif.events.completion.Completion;
import io.motif.events.completion.JobCompleted;
import io.motif.events.completion.JobFailed;
import io.motif.events.json.MotifJson;
import io.motif.events.kafka.KafkaClients;
import io.motif.events.kafka.Topics;
import io.motif.events.schema.MessageCodec;
import io.motif.stack.ChildLauncher;
import io.motif.stack.Ports;
import io.motif.stack.ServiceSpec;
import io.motif.stack.StackHome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Motif end to end on the real thing: a Kafka broker, an S3 server and the six services, each its own process
 * started by the code {@code ./motif up} uses, driven by the demo's own code with a few steps of everything. Checked
 * from outside the demo: every command and job outcome by a consumer of {@code motif.completions} of the test's
 * own, every result in object storage, and the concepts' states rebuilt from the log by a fresh JVM equal to the
 * live ones.
 */
@Timeout(value = 9, unit = TimeUnit.MINUTES)
class DemoEndToEndTest {

    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static final PrintStream OUT = new PrintStream(new TeeStream(LOG, System.out), true, StandardCharsets.UTF_8);

    private static Path dir;
    private static DemoStack stack;

    @BeforeAll
    static void startMotif() throws Exception {
        Path repo = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
        for (ServiceSpec s : ServiceSpec.all(ServiceSpec.DEFAULT_PORT_BASE)) {
            assertThat(s.runnerJar(repo)).as("the services are packaged before the cli module is tested (reactor order)")
                    .isRegularFile();
        }
        dir = Files.createTempDirectory("motif-e2e");
        StackHome home = new StackHome(dir.resolve("stack"));
        // a short life and few cores: C1 only and the serial collector start the six JVMs faster
        List<String> options = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dmotif.retrieval.import-root=" + dir.resolve("corpora"));
        stack = DemoStack.ensure(repo, home, freePortRange(ServiceSpec.all(0).size()), options, OUT);
        // the children would outlive this JVM once handed over; taking the hand-over back ties them to it again
        Files.deleteIfExists(home.detachFile());
    }

    @AfterAll
    static void stopMotif() throws Exception {
        if (stack != null) {
            stack.stop(OUT);
        }
        if (dir != null) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void twoConceptsFromCommandsToImagesWithTheLogAsTheTruth() throws Exception {
        DemoRun.Result result = new DemoRun(stack, DemoSettings.tiny(), OUT)
                .run("e2e", dir.resolve("out"), new DemoRun.Corpus(dir.resolve("corpora"), "shapes"));
        List<String> conceptIds = result.concepts().stream().map(DemoConcept::conceptId).toList();

        // an independent consumer sees each command accepted once and each job completed once, nothing failed
        List<Completion> seen = allCompletions();
        assertThat(seen).noneMatch(c -> c instanceof CommandRejected || c instanceof JobFailed);
        Map<String, Long> accepted = seen.stream().filter(CommandAccepted.class::isInstance)
                .collect(Collectors.groupingBy(c -> ((CommandAccepted) c).commandId(), Collectors.counting()));
        for (String commandId : result.commandIds()) {
            assertThat(accepted.get(commandId)).as(commandId).isEqualTo(1L);
        }
        List<JobCompleted> jobs = seen.stream().filter(JobCompleted.class::isInstance).map(JobCompleted.class::cast)
                .toList();
        assertThat(jobs).extracting(JobCompleted::jobId).doesNotHaveDuplicates();
        assertThat(jobs.stream().collect(Collectors.groupingBy(JobCompleted::kind, Collectors.counting())))
                .isEqualTo(Map.of("retrieval", 2L, "training", 2L, "merge", 1L, "sampling", 3L));
        assertThat(jobs).containsAll(result.outcomes().stream().map(DemoRun.Outcome::job).toList());

        // every result is in object storage: manifests, both deltas, the merged delta, every image
        SampleDownloads storage = new SampleDownloads(stack.endpoints());
        for (JobCompleted job : jobs) {
            assertThat(job.resultKeys()).as(job.jobId()).isNotEmpty().allMatch(storage::exists);
        }
        String merged = result.outcome("merged-delta").job().resultKeys().get(0);
        assertThat(merged).isNotIn(result.outcome("delta-striped-star").job().resultKeys(),
                result.outcome("delta-dotted-heart").job().resultKeys());
        // and downloaded: each image a PNG with its generation parameters, a readable grid per request
        assertThat(result.grids()).hasSize(3);
        for (DemoRun.Outcome o : result.outcomes()) {
            for (Path image : o.files()) {
                assertThat(new String(Files.readAllBytes(image), StandardCharsets.ISO_8859_1)).contains("parameters");
            }
        }
        for (Path grid : result.grids()) {
            assertThat(ImageIO.read(grid.toFile()).getWidth()).isGreaterThanOrEqualTo(SampleDownloads.GRID_CELL);
        }

        // the state a fresh process rebuilds from the log alone …
        JsonNode rebuilt = rebuildInChildJvm(conceptIds);
        JsonNode star = rebuilt.get(conceptIds.get(0));
        assertThat(star.path("training").path("phase").asText()).isEqualTo("completed");
        assertThat(star.path("training").path("resultKeys").get(0).asText())
                .isEqualTo(result.outcome("delta-striped-star").job().resultKeys().get(0));
        assertThat(star.path("merge").path("resultKeys").get(0).asText()).isEqualTo(merged);
        assertThat(MotifJson.mapper().convertValue(star.path("sampling").path("resultKeys"), List.class))
                .isEqualTo(result.outcome("samples-merged").job().resultKeys());
        assertThat(rebuilt.get(conceptIds.get(1)).path("sampling").path("resultKeys").size())
                .isEqualTo(result.outcome("samples-dotted-heart").job().resultKeys().size());
        // … equals the live state ingestion holds, and a rebuild in this JVM
        for (String id : conceptIds) {
            // through text, as the child's answer came: numbers then read back as the same node types
            JsonNode here = MotifJson.mapper().readTree(ConceptStateDump.rebuild(
                    stack.endpoints().kafkaBootstrapServers(), List.of(id)).toString());
            assertThat(rebuilt.get(id)).as(id).isEqualTo(here.get(id));
            LiveState live = LiveState.of(stack.ingestion(), id).orElseThrow(() -> new AssertionError("no live " + id));
            assertThat(live.differences(rebuilt.get(id))).as("live state of %s differs from the rebuild", id).isEmpty();
        }
    }

    private static JsonNode rebuildInChildJvm(List<String> conceptIds) throws Exception {
        List<String> command = new ArrayList<>(List.of(ChildLauncher.javaExecutable(), "-cp",
                System.getProperty("java.class.path"), ConceptStateDump.class.getName(),
                stack.endpoints().kafkaBootstrapServers()));
        command.addAll(conceptIds);
        Path output = dir.resolve("rebuilt.json");
        Process child = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(dir.resolve("rebuild.err").toFile()).start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the rebuild finished").isTrue();
        assertThat(child.exitValue()).as(Files.readString(dir.resolve("rebuild.err"))).isZero();
        return MotifJson.mapper().readTree(output.toFile());
    }

    private static List<Completion> allCompletions() {
        List<Completion> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClients.consumer(
                stack.endpoints().kafkaBootstrapServers(), null))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.COMPLETIONS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                assertThat(System.nanoTime()).as("read motif.completions to its end").isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    all.add((Completion) MessageCodec.decodeChecked(
                            KafkaCloudEvents.text(r.headers(), KafkaCloudEvents.TYPE), r.value()));
                }
            }
        } catch (Exception e) {
            throw new AssertionError("cannot read " + Topics.COMPLETIONS, e);
        }
        return all;
    }

    /** The first of {@code count} consecutive free ports. */
    private static int freePortRange(int count) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            boolean free = true;
            for (int p = base; p < base + count && free; p++) {
                free = Ports.isFree(p);
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports");
    }
}
