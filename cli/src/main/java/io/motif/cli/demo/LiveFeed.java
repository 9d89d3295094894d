package io.motif.cli.demo;

import io.motif.events.cloudevents.KafkaCloudEvents;
import io.motif.events.completion.CommandAccepted;
import io.motif.events.completion.CommandRejected;
import io.motif.events.completion.Completion;
import io.motif.events.completion.JobCompleted;
import io.motif.events.completion.JobFailed;
import io.motif.events.job.JobProgress;
import io.motif.events.kafka.KafkaClients;
import io.motif.events.kafka.Topics;
import io.motif.events.schema.MessageCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * What a producer of commands watches: {@code motif.completions} (its commands accepted or rejected, its jobs
 * completed or failed) and {@code motif.progress} (running jobs' steps, loss, ETA). Both are read from their end as
 * of construction, so only what happens afterwards is seen; one background thread owns the consumer.
 */
public final class LiveFeed implements AutoCloseable {

    /**
     * The types of the worker reports that end a job of each kind start with these: a report the single writer
     * refuses (say, a worker newer than the schemas ingestion knows) ends the wait with its reason.
     */
    private static final Map<String, String> REPORT_TYPE_PREFIXES = Map.of("retrieval", "concept.regularization-",
            "training", "concept.training-", "merge", "concept.merge-", "sampling", "concept.samples-");

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Consumer<JobProgress> onProgress;
    private final List<Completion> completions = new ArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    public LiveFeed(String bootstrapServers, Consumer<JobProgress> onProgress) {
        this.onProgress = onProgress;
        this.consumer = new KafkaConsumer<>(KafkaClients.consumer(bootstrapServers, null));
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.COMPLETIONS, Topics.PROGRESS)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                consumer.close();
                throw new DemoFailure("topic " + topic + " does not exist: the services create the catalog's topics "
                        + "when they start; is the stack up?");
            }
            infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now: anything sent after this is seen
        poller = new Thread(this::poll, "motif-demo-feed");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.topic().equals(Topics.PROGRESS)) {
                        progress(record);
                    } else {
                        completion(record);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
            synchronized (completions) {
                completions.notifyAll();
            }
        } finally {
            consumer.close();
        }
    }

    private void progress(ConsumerRecord<byte[], byte[]> record) {
        try {
            onProgress.accept(MessageCodec.decodeTrusted(record.value(), JobProgress.class));
        } catch (RuntimeException e) {
            // progress is informative only: a report this version cannot read is not worth stopping for
        }
    }

    private void completion(ConsumerRecord<byte[], byte[]> record) {
        Object message;
        try {
            message = MessageCodec.decodeTrusted(KafkaCloudEvents.text(record.headers(), KafkaCloudEvents.TYPE),
                    record.value());
        } catch (Exception e) {
            return; // not a completion this version knows
        }
        if (message instanceof Completion c) {
            synchronized (completions) {
                completions.add(c);
                completions.notifyAll();
            }
        }
    }

    /** How many completions have been seen so far; pass it to {@link #awaitJob} to wait only for later ones. */
    public int mark() {
        synchronized (completions) {
            return completions.size();
        }
    }

    /** Every completion seen so far, in arrival order. */
    public List<Completion> completions() {
        synchronized (completions) {
            return List.copyOf(completions);
        }
    }

    /** Waits until the single writer accepted the command; a rejection is a failure carrying its reason. */
    public CommandAccepted awaitAccepted(String commandId, String what, Duration timeout) {
        Completion c = await(0, x -> x instanceof CommandAccepted a && a.commandId().equals(commandId)
                || x instanceof CommandRejected r && r.commandId().equals(commandId), timeout, what);
        if (c instanceof CommandRejected r) {
            throw new DemoFailure(what + " was rejected (" + r.reasonCode() + "): " + r.reason());
        }
        return (CommandAccepted) c;
    }

    /**
     * Waits for the end of the concept's next job of this kind after {@code mark}; a failed job is a failure
     * carrying the worker's reason.
     *
     * @param kind retrieval, training, merge or sampling
     */
    public JobCompleted awaitJob(String conceptId, String kind, int mark, Duration timeout, String what) {
        String reportPrefix = REPORT_TYPE_PREFIXES.get(kind);
        Completion c = await(mark, x -> x instanceof JobCompleted j && j.conceptId().equals(conceptId)
                && j.kind().equals(kind) || x instanceof JobFailed f && f.conceptId().equals(conceptId)
                && f.kind().equals(kind) || x instanceof CommandRejected r && conceptId.equals(r.conceptId())
                && r.commandType() != null && r.commandType().startsWith(reportPrefix), timeout, what);
        if (c instanceof JobFailed f) {
            throw new DemoFailure(what + " failed (job " + f.jobId() + "): " + f.reason());
        }
        if (c instanceof CommandRejected r) {
            throw new DemoFailure(what + ": the worker's report " + r.commandType() + " was refused by the concept's "
                    + "single writer (" + r.reasonCode() + "): " + r.reason());
        }
        return (JobCompleted) c;
    }

    private Completion await(int from, Predicate<Completion> match, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (completions) {
            while (true) {
                Optional<Completion> found = completions.subList(Math.min(from, completions.size()), completions.size())
                        .stream().filter(match).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
                if (failure != null) {
                    throw new DemoFailure("lost the connection to Kafka while waiting for " + what, failure);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new DemoFailure(what + ": no outcome on " + Topics.COMPLETIONS + " within " + timeout);
                }
                try {
                    completions.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DemoFailure("interrupted while waiting for " + what, e);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
