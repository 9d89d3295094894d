package io.motif.jobs;

import io.motif.jobs.storage.BlobStore;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A worker for long jobs (the protocol is argued in docs/adr/0006-long-jobs-paused-partitions.md).
 *
 * <p>One consumer thread owns the Kafka consumer. When it takes a job it pauses every assigned partition and hands
 * the job to the single job thread, then goes on polling (which returns nothing while paused) so the worker keeps
 * its group membership and partitions for as long as the job runs. Nothing is committed until the job's terminal
 * outcome: its records, its status (on the compacted status topic) and the consumed offset go out in one Kafka
 * transaction bound to the consumer's group generation, so a worker that lost its partition (a zombie) cannot
 * complete the job a second time. A worker that dies leaves the offset uncommitted and the job is redelivered to
 * another member, which resumes from the last checkpoint in object storage.
 */
public final class JobWorker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(JobWorker.class.getName());

    private final WorkerSettings settings;
    private final JobBody body;
    private final BlobStore blobs;
    private final String checkpointPrefix;
    private final JobListener listener;
    private final JobIdentity identity;
    private final Clock clock;

    private final Thread consumerThread;
    private final ExecutorService jobThread;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Throwable fatal;

    // owned by the consumer thread
    private KafkaConsumer<String, String> consumer;
    private KafkaProducer<String, String> transactional;
    private KafkaProducer<String, String> progress;
    private JobLedger ledger;
    private Running running;

    /** The job in hand: where it came from, its stop flag and its future outcome. */
    private record Running(Job job, TopicPartition partition, long offset, AtomicBoolean stop,
                           Future<JobOutcome> outcome, long startedNanos) {
    }

    /** A worker for job records keyed by job id. */
    public JobWorker(WorkerSettings settings, JobBody body, BlobStore blobs, String checkpointPrefix,
                     JobListener listener) {
        this(settings, JobIdentity.RECORD_KEY, body, blobs, checkpointPrefix, listener);
    }

    public JobWorker(WorkerSettings settings, JobIdentity identity, JobBody body, BlobStore blobs,
                     String checkpointPrefix, JobListener listener) {
        this.settings = settings;
        this.identity = identity;
        this.body = body;
        this.blobs = blobs;
        this.checkpointPrefix = checkpointPrefix;
        this.listener = listener;
        this.clock = Clock.systemUTC();
        this.consumerThread = new Thread(this::run, "job-consumer-" + settings.workerId());
        this.jobThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "job-body-" + settings.workerId()));
    }

    public JobWorker start() {
        consumerThread.start();
        return this;
    }

    /**
     * Asks the worker to stop: a running job is told to checkpoint and yield, its offset stays uncommitted, and the
     * worker leaves the group at once (so the job moves to another worker without waiting for a session timeout).
     */
    public void stop() {
        stopping.set(true);
    }

    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Why the worker ended on its own, or null. */
    public Throwable failure() {
        return fatal;
    }

    public boolean isRunningJob() {
        return running != null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        if (!awaitStopped(settings.stopGrace().plusSeconds(30))) {
            LOG.log(Level.WARNING, "worker {0} did not stop in time", settings.workerId());
        }
    }

    private void run() {
        try {
            open();
            consumer.subscribe(List.of(settings.jobTopic()), new Rebalance());
            while (!stopping.get()) {
                if (running != null) {
                    consumer.pause(consumer.assignment());
                }
                var records = consumer.poll(settings.pollTimeout());
                if (running != null && running.outcome().isDone()) {
                    finish();
                }
                for (ConsumerRecord<String, String> record : records) {
                    if (running == null) {
                        begin(record);
                    } else {
                        // max.poll.records=1 makes this rare; put the record back for later
                        consumer.seek(new TopicPartition(record.topic(), record.partition()), record.offset());
                    }
                }
            }
            if (running != null) {
                stopJob(settings.stopGrace());
            }
        } catch (Throwable t) {
            fatal = t;
            LOG.log(Level.ERROR, "job worker " + settings.workerId() + " failed", t);
            if (running != null) {
                running.stop().set(true);
            }
        } finally {
            closeQuietly();
            stopped.countDown();
        }
    }

    private void open() {
        consumer = new KafkaConsumer<>(consumerProperties(), new StringDeserializer(), new StringDeserializer());
        transactional = new KafkaProducer<>(transactionalProperties(), new StringSerializer(), new StringSerializer());
        progress = new KafkaProducer<>(producerProperties(), new StringSerializer(), new StringSerializer());
        JobLedger.ensureTopic(settings.bootstrapServers(), settings.statusTopic());
        ledger = new JobLedger(settings.bootstrapServers(), settings.statusTopic(), settings.workerId() + "-ledger");
        transactional.initTransactions();
    }

    private void begin(ConsumerRecord<String, String> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        String id = identity.jobId(record.key(), record.value());
        Job job = new Job(id, record.key(), record.value(), headers(record), record.partition(), record.offset());
        if (id == null || id.isBlank() || id.contains("/") || id.contains("..")) {
            // a job without a usable id cannot be deduplicated; refusing it beats running it twice
            commitTerminal(partition, record.offset(), job.withId("offset-" + record.partition() + "-" + record.offset()),
                    JobOutcome.rejected("job record has no usable job id"), System.nanoTime());
            return;
        }
        ledger.catchUp();
        if (ledger.status(job.id()).isPresent()) {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
            listener.skippedDuplicate(job);
            return;
        }
        AtomicBoolean stop = new AtomicBoolean();
        ProgressReporter reporter = new ProgressReporter(job.id(), settings.workerId(),
                identity.progressFields(record.key(), record.value()), clock,
                json -> progress.send(new ProducerRecord<>(settings.progressTopic(), progressKey(job), json)));
        JobContext context = new JobContext(job, settings.workerId(),
                new JobCheckpoints(blobs, checkpointPrefix, job.id()), reporter, blobs,
                () -> stop.get() || stopping.get());
        consumer.pause(consumer.assignment());
        reporter.mark("started", 0);
        listener.started(job);
        Future<JobOutcome> outcome = jobThread.submit(() -> runBody(context, stop));
        running = new Running(job, partition, record.offset(), stop, outcome, System.nanoTime());
    }

    private JobOutcome runBody(JobContext context, AtomicBoolean stop) {
        try {
            JobOutcome outcome = body.run(context);
            if (outcome == null) {
                return JobOutcome.failed("job body returned no outcome");
            }
            if (outcome instanceof JobOutcome.Yielded y) {
                context.progress().mark("yielded", y.checkpointStep());
            }
            return outcome;
        } catch (InterruptedException e) {
            if (stop.get() || stopping.get()) {
                return JobOutcome.yielded(-1);
            }
            return JobOutcome.failed("interrupted: " + e.getMessage());
        } catch (Exception e) {
            return JobOutcome.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (Error e) {
            return JobOutcome.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Tells the running job to yield, waits for it, and records what it ended with. */
    private void stopJob(Duration grace) throws InterruptedException {
        running.stop().set(true);
        try {
            running.outcome().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(Level.WARNING, "job {0} did not yield within {1}; interrupting it", running.job().id(), grace);
            running.outcome().cancel(true);
        } catch (ExecutionException e) {
            // runBody turns every throwable into an outcome; nothing to do
        }
        finish();
    }

    private void finish() {
        Running done = running;
        running = null;
        JobOutcome outcome;
        try {
            outcome = done.outcome().isCancelled() ? JobOutcome.yielded(-1) : done.outcome().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = JobOutcome.yielded(-1);
        } catch (ExecutionException e) {
            outcome = JobOutcome.failed(String.valueOf(e.getCause()));
        }
        boolean owned = consumer.assignment().contains(done.partition());
        if (outcome instanceof JobOutcome.Yielded) {
            if (owned) {
                consumer.seek(done.partition(), done.offset());
            }
            listener.yielded(done.job(), Duration.ofNanos(System.nanoTime() - done.startedNanos()));
        } else if (!owned) {
            // the partition moved while the job ran; its new owner completes the job (from our checkpoints)
            listener.fenced(done.job(), new IllegalStateException("partition " + done.partition() + " lost"));
        } else {
            commitTerminal(done.partition(), done.offset(), done.job(), outcome, done.startedNanos());
        }
        consumer.resume(consumer.assignment());
    }

    private void commitTerminal(TopicPartition partition, long offset, Job job, JobOutcome outcome, long startedNanos) {
        ledger.catchUp();
        if (ledger.status(job.id()).isPresent()) {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset + 1)));
            listener.skippedDuplicate(job);
            return;
        }
        JobStatus status = JobStatus.of(job.id(), outcome, settings.workerId(), clock.instant());
        try {
            transactional.beginTransaction();
            for (ProducerRecord<String, String> record : outcome.records()) {
                transactional.send(record);
            }
            transactional.send(new ProducerRecord<>(settings.statusTopic(), job.id(), status.toJson()));
            // binds the commit to this consumer's group generation: a member that lost the partition is refused
            transactional.sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(offset + 1)),
                    consumer.groupMetadata());
            transactional.commitTransaction();
            listener.finished(job, outcome.state(), Duration.ofNanos(System.nanoTime() - startedNanos));
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            // not recoverable for this producer: end the worker, the job is redelivered
            throw e;
        } catch (KafkaException e) {
            // includes a commit refused for a stale generation: we are a zombie, the job is someone else's now
            transactional.abortTransaction();
            listener.fenced(job, e);
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (running != null && partitions.contains(running.partition())) {
                // still the owner during this callback: let the job checkpoint and give it back, or commit it
                try {
                    stopJob(settings.stopGrace());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (running != null && partitions.contains(running.partition())) {
                // already someone else's: stop the body; finish() will see the partition is gone and commit nothing
                running.stop().set(true);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (running != null) {
                consumer.pause(partitions);
            }
        }
    }

    private Properties consumerProperties() {
        Properties p = common();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        long session = settings.sessionTimeout().toMillis();
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(session));
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(Math.max(500, session / 4)));
        // the consumer thread polls every pollTimeout even mid-job; the bound only has to cover a revocation wait
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                Long.toString(Math.max(300_000, settings.stopGrace().toMillis() + 60_000)));
        p.putAll(settings.extraClientProperties());
        return p;
    }

    private Properties transactionalProperties() {
        Properties p = producerProperties();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.groupId() + "-" + settings.workerId());
        // a worker killed inside a transaction blocks read_committed readers only this long
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "15000");
        return p;
    }

    private Properties producerProperties() {
        Properties p = common();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.putAll(settings.extraClientProperties());
        return p;
    }

    private Properties common() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.workerId());
        return p;
    }

    /** Progress is keyed like the job record (the concept id on Motif's topics), so a concept's reports stay in order. */
    private static String progressKey(Job job) {
        return job.key() != null ? job.key() : job.id();
    }

    private static Map<String, String> headers(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return headers;
    }

    private void closeQuietly() {
        jobThread.shutdownNow();
        for (AutoCloseable c : new AutoCloseable[] {consumer, transactional, progress, ledger}) {
            if (c != null) {
                try {
                    if (c instanceof KafkaConsumer<?, ?> kc) {
                        kc.close(Duration.ofSeconds(10));
                    } else if (c instanceof KafkaProducer<?, ?> kp) {
                        kp.close(Duration.ofSeconds(10));
                    } else {
                        c.close();
                    }
                } catch (Exception e) {
                    LOG.log(Level.DEBUG, "closing " + c, e);
                }
            }
        }
    }
}
