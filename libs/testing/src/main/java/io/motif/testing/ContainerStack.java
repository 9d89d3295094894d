package io.motif.testing;

import io.motif.stack.LocalStack;
import io.motif.stack.StackEndpoints;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;

/** The stack from containers: Apache Kafka (KRaft) and MinIO, for machines with a Docker engine. */
final class ContainerStack implements LocalStack {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    static final String MINIO_IMAGE = "minio/minio:RELEASE.2025-04-22T22-12-26Z";

    private final KafkaContainer kafka;
    private final MinIOContainer minio;

    private ContainerStack(KafkaContainer kafka, MinIOContainer minio) {
        this.kafka = kafka;
        this.minio = minio;
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static ContainerStack start() {
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
        MinIOContainer minio = new MinIOContainer(MINIO_IMAGE).withUserName("motif").withPassword("motif-secret-key");
        kafka.start();
        minio.start();
        return new ContainerStack(kafka, minio);
    }

    @Override
    public StackEndpoints endpoints() {
        return new StackEndpoints(kafka.getBootstrapServers(), minio.getS3URL(), minio.getUserName(),
                minio.getPassword(), "us-east-1", StackEndpoints.DEFAULT_BUCKET);
    }

    @Override
    public String description() {
        return "Kafka container at " + kafka.getBootstrapServers() + ", MinIO container at " + minio.getS3URL();
    }

    @Override
    public void close() {
        minio.stop();
        kafka.stop();
    }
}
