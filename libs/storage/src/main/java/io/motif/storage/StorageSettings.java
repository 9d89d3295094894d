package io.motif.storage;

import java.util.Objects;

/**
 * How to reach the object store. Services read these from the configuration names {@code motif.storage.endpoint},
 * {@code .access-key}, {@code .secret-key}, {@code .region}, {@code .bucket} (the same names in docker-compose.yml).
 */
public record StorageSettings(String endpoint, String accessKey, String secretKey, String region, String bucket) {

    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_BUCKET = "motif";

    public StorageSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        region = region == null || region.isBlank() ? DEFAULT_REGION : region;
        bucket = bucket == null || bucket.isBlank() ? DEFAULT_BUCKET : bucket;
    }

    @Override
    public String toString() { // never print the secret
        return "StorageSettings[endpoint=" + endpoint + ", accessKey=" + accessKey + ", region=" + region
                + ", bucket=" + bucket + "]";
    }
}
