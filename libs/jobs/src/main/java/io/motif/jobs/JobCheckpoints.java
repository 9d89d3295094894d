package io.motif.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.motif.jobs.storage.BlobStore;
import java.io.IOException;
import java.util.Optional;

/**
 * Checkpoints of one job in object storage, where any worker finds them:
 * {@code <prefix>/<jobId>/checkpoints/step-<n>} holds the state and {@code .../latest} points at the newest one.
 * The state object is written before the pointer, so a worker killed between the two leaves the previous
 * checkpoint in force, never a pointer to a missing or partial object.
 */
public final class JobCheckpoints {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlobStore store;
    private final String base;

    public JobCheckpoints(BlobStore store, String prefix, String jobId) {
        if (jobId.isBlank() || jobId.contains("/") || jobId.contains("..")) {
            throw new IllegalArgumentException("job id unusable in an object key: " + jobId);
        }
        this.store = store;
        this.base = (prefix.isEmpty() ? "" : prefix + "/") + jobId + "/checkpoints/";
    }

    /** Saves the state of {@code step} and makes it the latest; returns the state's object key. */
    public String save(long step, byte[] state) throws IOException {
        String key = base + String.format("step-%09d", step);
        store.put(key, state);
        store.put(base + "latest", JSON.writeValueAsBytes(JSON.createObjectNode().put("step", step).put("key", key)));
        return key;
    }

    public Optional<Checkpoint> latest() throws IOException {
        Optional<byte[]> pointer = store.get(base + "latest");
        if (pointer.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node = JSON.readTree(pointer.get());
        String key = node.path("key").asText();
        byte[] state = store.get(key)
                .orElseThrow(() -> new IOException("checkpoint pointer names a missing object: " + key));
        return Optional.of(new Checkpoint(node.path("step").asLong(), state));
    }
}
