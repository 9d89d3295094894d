package io.motif.ingestion;

import io.motif.storage.ObjectKey;
import io.motif.storage.ObjectStore;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * A test-only bean wired like any service code: it sends a record through the service's Kafka connector, consumes
 * it back from the broker, and stores the payload with the service's {@link ObjectStore}. Channels: see
 * src/test/resources/application.properties.
 */
@ApplicationScoped
public class RoundTripProbe {

    @Inject
    @Channel("probe-out")
    Emitter<String> out;

    @Inject
    ObjectStore store;

    private final BlockingQueue<ObjectKey> stored = new LinkedBlockingQueue<>();

    void send(String payload) {
        out.send(payload).toCompletableFuture().join();
    }

    /** The key of the next payload stored, or null after the timeout (a method: tests hold a client proxy). */
    ObjectKey awaitStored(long timeout, TimeUnit unit) throws InterruptedException {
        return stored.poll(timeout, unit);
    }

    @Incoming("probe-in")
    @Blocking
    void receive(String payload) {
        stored.add(store.putContent("probe", "messages", payload.getBytes(StandardCharsets.UTF_8), "text/plain"));
    }
}
