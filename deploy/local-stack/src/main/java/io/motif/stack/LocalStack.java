package io.motif.stack;

/** A running Kafka broker plus S3-compatible object store, from child processes or from containers. */
public interface LocalStack extends AutoCloseable {

    StackEndpoints endpoints();

    /** One line saying what runs, for logs. */
    String description();

    /** Stops what this stack started. */
    @Override
    void close();
}
