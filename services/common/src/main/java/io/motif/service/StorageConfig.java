package io.motif.service;

import io.motif.storage.StorageSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The {@code motif.storage.*} configuration every service reads (same names in docker-compose.yml). */
@ConfigMapping(prefix = "motif.storage")
public interface StorageConfig {

    /** S3 endpoint, e.g. {@code http://minio:9000}. */
    String endpoint();

    String accessKey();

    String secretKey();

    @WithDefault(StorageSettings.DEFAULT_REGION)
    String region();

    @WithDefault(StorageSettings.DEFAULT_BUCKET)
    String bucket();

    default StorageSettings settings() {
        return new StorageSettings(endpoint(), accessKey(), secretKey(), region(), bucket());
    }
}
