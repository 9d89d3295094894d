package io.motif.jobs.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The few object-storage operations a job worker needs. Keys are '/'-separated paths; writes of one key are atomic
 * (a reader sees the old object or the whole new one), which S3 guarantees per PUT and the directory store by rename.
 */
public interface BlobStore {

    void put(String key, byte[] bytes) throws IOException;

    void put(String key, Path file) throws IOException;

    /** The object's bytes, or empty when there is no such key. */
    Optional<InputStream> open(String key) throws IOException;

    boolean exists(String key) throws IOException;

    /** A URL a client can GET without credentials for the given time; stores without URLs return a file: URI. */
    String presignedGetUrl(String key, Duration validFor) throws IOException;

    default Optional<byte[]> get(String key) throws IOException {
        Optional<InputStream> in = open(key);
        if (in.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream stream = in.get()) {
            return Optional.of(stream.readAllBytes());
        }
    }
}
