package io.motif.service;

import io.motif.events.kafka.TopicProvisioner;
import io.motif.events.kafka.Topics;
import io.motif.jobs.JobBody;
import io.motif.jobs.JobIdentity;
import io.motif.jobs.JobListener;
import io.motif.jobs.JobWorker;
import io.motif.jobs.WorkerSettings;
import io.motif.jobs.storage.S3BlobStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Starts a worker service's long-job worker (docs/adr/0006-long-jobs-paused-partitions.md) the same way in every
 * service: the catalog's topics first (so the job and status topics get the catalog's settings, not a fallback),
 * then a worker in the service's consumer group on {@code motif.jobs.<kind>}, with job ids and progress fields
 * read from the job body and checkpoints in object storage.
 */
public final class ServiceJobWorkers {

    /** Where the worker connects and how it behaves in its group. */
    public record Connection(String bootstrap, String group, String statusTopic, Duration sessionTimeout) {

        /** The broker and group of a service, with the shared {@code motif.jobs.*} settings. */
        public static Connection of(String bootstrap, String group, JobsConfig jobs) {
            return new Connection(bootstrap, group, jobs.statusTopic(), jobs.sessionTimeout());
        }
    }

    private ServiceJobWorkers() {
    }

    /**
     * The worker's scratch folder: the configured one, else {@code <java.io.tmpdir>/motif-<service>}. Resolved here
     * rather than in a {@code @ConfigProperty} default, where {@code ${java.io.tmpdir}} stayed a literal folder name
     * in the packaged services and scratch files landed in the working directory.
     */
    public static Path workDir(Optional<Path> configured, String service) {
        return configured.orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir"), "motif-" + service));
    }

    /** A worker id unique across hosts and restarts, e.g. {@code trainer-host-1a2b3c4d}. */
    public static String newWorkerId(String service) throws UnknownHostException {
        return service + "-" + InetAddress.getLocalHost().getHostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Starts consuming {@code motif.jobs.<kind>}; close the returned worker on shutdown. */
    public static JobWorker start(String kind, String workerId, Connection connection, StorageConfig storage,
                                  JobBody body, JobListener listener) throws Exception {
        TopicProvisioner.ensureCatalogTopics(connection.bootstrap());
        WorkerSettings settings = WorkerSettings.of(connection.bootstrap(), connection.group(), workerId,
                Topics.JOBS_PREFIX + kind, connection.statusTopic(), Topics.PROGRESS)
                .withSessionTimeout(connection.sessionTimeout());
        S3BlobStore blobs = S3BlobStore.connect(storage.endpoint(), storage.accessKey(), storage.secretKey(),
                storage.bucket());
        return new JobWorker(settings, JobIdentity.jsonFields("jobId", List.of("conceptId", "tenant"),
                Map.of("kind", kind)), body, blobs, "jobs", listener).start();
    }
}
