package io.motif.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where a running stack answers, and the configuration names every Motif service reads
 * ({@code kafka.bootstrap.servers}, {@code motif.storage.*}; the same names appear in docker-compose.yml).
 */
public record StackEndpoints(String kafkaBootstrapServers, String s3Endpoint, String accessKey, String secretKey,
                             String region, String bucket) {

    public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String STORAGE_ENDPOINT = "motif.storage.endpoint";
    public static final String STORAGE_ACCESS_KEY = "motif.storage.access-key";
    public static final String STORAGE_SECRET_KEY = "motif.storage.secret-key";
    public static final String STORAGE_REGION = "motif.storage.region";
    public static final String STORAGE_BUCKET = "motif.storage.bucket";

    /** The bucket services use unless configured otherwise. */
    public static final String DEFAULT_BUCKET = "motif";

    /** Service configuration pointing at this stack, in a stable order. */
    public Map<String, String> asConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(KAFKA_BOOTSTRAP_SERVERS, kafkaBootstrapServers);
        config.put(STORAGE_ENDPOINT, s3Endpoint);
        config.put(STORAGE_ACCESS_KEY, accessKey);
        config.put(STORAGE_SECRET_KEY, secretKey);
        config.put(STORAGE_REGION, region);
        config.put(STORAGE_BUCKET, bucket);
        return config;
    }

    public void write(Path file) {
        Properties properties = new Properties();
        properties.putAll(asConfig());
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, "endpoints of the running Motif local stack");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static StackEndpoints read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new StackEndpoints(p.getProperty(KAFKA_BOOTSTRAP_SERVERS), p.getProperty(STORAGE_ENDPOINT),
                p.getProperty(STORAGE_ACCESS_KEY), p.getProperty(STORAGE_SECRET_KEY), p.getProperty(STORAGE_REGION),
                p.getProperty(STORAGE_BUCKET, DEFAULT_BUCKET));
    }

    /** The port of a {@code host:port} or {@code http://host:port} address, or 0. */
    static int portOf(String address) {
        if (address == null) {
            return 0;
        }
        try {
            return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1).replaceAll("/.*", ""));
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
