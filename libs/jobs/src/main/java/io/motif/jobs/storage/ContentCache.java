package io.motif.jobs.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;

/**
 * A worker's local copy of content-addressed inputs (instance images, regularization sets, base model files), kept
 * by hash: a second job needing the same bytes reads them from disk, and a download is verified against its hash
 * before it is trusted, so a corrupt or truncated copy is never used.
 */
public final class ContentCache {

    private final BlobStore store;
    private final Path dir;

    public ContentCache(BlobStore store, Path dir) {
        this.store = store;
        this.dir = dir;
    }

    /** The local file holding the object under a content-addressed key, downloaded once. */
    public Path fetch(String key) throws IOException {
        String hash = ContentAddress.hashOf(key);
        Path cached = dir.resolve(hash);
        if (Files.isRegularFile(cached)) {
            return cached;
        }
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + hash + "." + UUID.randomUUID() + ".part");
        try {
            Optional<InputStream> in = store.open(key);
            if (in.isEmpty()) {
                throw new IOException("input missing from object storage: " + key);
            }
            try (InputStream stream = in.get()) {
                Files.copy(stream, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            String actual = ContentAddress.sha256(tmp);
            if (!actual.equals(hash)) {
                throw new IOException("object " + key + " has sha256 " + actual + ", not the hash its key names");
            }
            Files.move(tmp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return cached;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public boolean isCached(String key) {
        return Files.isRegularFile(dir.resolve(ContentAddress.hashOf(key)));
    }
}
