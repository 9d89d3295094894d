package io.motif.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.motif.stack.StackEndpoints;
import io.motif.testing.MotifStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Against the real S3 server of the shared test stack. */
@ExtendWith(MotifStackExtension.class)
class ObjectStoreTest {

    @Test
    void storesReadsAndPresigns(StackEndpoints stack) throws Exception {
        ObjectStore store = new ObjectStore(new StorageSettings(stack.s3Endpoint(), stack.accessKey(),
                stack.secretKey(), stack.region(), "storage-test"));
        store.ensureBucket();
        store.ensureBucket(); // idempotent
        assertThat(store.bucketExists()).isTrue();

        byte[] bytes = "a concept image".getBytes(StandardCharsets.UTF_8);
        ObjectKey key = store.putContent("acme", "images", bytes, "application/octet-stream");
        assertThat(key).isEqualTo(ObjectKey.forContent("acme", "images", bytes));
        assertThat(store.putContent("acme", "images", bytes, "application/octet-stream")).isEqualTo(key);
        assertThat(store.exists(key)).isTrue();
        assertThat(store.get(key)).hasValue(bytes);

        ObjectKey absent = ObjectKey.forContent("acme", "images", new byte[] {1});
        assertThat(store.exists(absent)).isFalse();
        assertThat(store.get(absent)).isEmpty();

        // a presigned URL works without credentials
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(store.presignedGetUrl(key, Duration.ofMinutes(5)))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(bytes);
    }
}
