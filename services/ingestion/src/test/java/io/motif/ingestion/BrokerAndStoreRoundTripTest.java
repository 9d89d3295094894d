package io.motif.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.motif.storage.ObjectKey;
import io.motif.storage.ObjectStore;
import io.motif.testing.MotifStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The service's own wiring against the real stack: a record goes out through the real broker and comes back,
 * its payload is stored in and read back from the real S3 server, and a presigned URL serves it.
 */
@QuarkusTest
@WithTestResource(MotifStackResource.class)
class BrokerAndStoreRoundTripTest {

    @Inject
    RoundTripProbe probe;

    @Inject
    ObjectStore store;

    @Test
    void recordThroughBrokerAndObjectThroughS3() throws Exception {
        assertThat(ConfigProvider.getConfig().getValue("quarkus.application.name", String.class))
                .as("the service's own configuration is in effect").isEqualTo("motif-ingestion");
        String payload = "probe " + UUID.randomUUID();

        probe.send(payload);
        ObjectKey key = probe.awaitStored(120, TimeUnit.SECONDS);

        assertThat(key).as("the record came back from the broker").isNotNull();
        assertThat(key).isEqualTo(ObjectKey.forContent("probe", "messages", payload.getBytes(StandardCharsets.UTF_8)));
        assertThat(store.get(key)).hasValue(payload.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> download = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(store.presignedGetUrl(key, Duration.ofMinutes(1)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(payload);
    }
}
