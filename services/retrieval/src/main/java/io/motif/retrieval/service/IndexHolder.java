package io.motif.retrieval.service;

import io.motif.retrieval.CaptionEncoder;
import io.motif.retrieval.CaptionIndex;
import io.motif.retrieval.IndexArchive;
import io.motif.retrieval.RegularizationSelector;
import io.motif.storage.ObjectKey;
import io.motif.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The index this replica answers from: downloaded from object storage by key and opened from local disk. A new
 * index replaces the old one atomically; queries in flight finish on the one they started with.
 */
public final class IndexHolder implements AutoCloseable {
    private final ObjectStore store;
    private final CaptionEncoder encoder;
    private final Path workDir;
    private final List<Loaded> retired = new ArrayList<>();
    private volatile Loaded current;

    /** An opened index and the key it came from. */
    public record Loaded(ObjectKey key, CaptionIndex index, RegularizationSelector selector) {
    }

    public IndexHolder(ObjectStore store, CaptionEncoder encoder, Path workDir) {
        this.store = store;
        this.encoder = encoder;
        this.workDir = workDir;
    }

    public CaptionEncoder encoder() {
        return encoder;
    }

    public Optional<Loaded> current() {
        return Optional.ofNullable(current);
    }

    /** Downloads, unpacks and opens the index archive at {@code key}, then makes it current. */
    public synchronized Loaded load(ObjectKey key) throws IOException {
        if (current != null && current.key().equals(key)) {
            return current;
        }
        Path dir = Files.createDirectories(workDir).resolve("index-" + key.sha256());
        if (!Files.isDirectory(dir)) {
            // downloaded to a file and unpacked from it: the archive never sits in the heap
            Path zip = Files.createTempFile(workDir, "index", ".zip");
            try {
                if (!store.download(key, zip)) {
                    throw new IOException("no index archive at " + key.path());
                }
                Path partial = Files.createTempDirectory(workDir, "unpacking");
                try (InputStream in = Files.newInputStream(zip)) {
                    IndexArchive.unzip(in, partial);
                }
                Files.move(partial, dir);
            } finally {
                Files.deleteIfExists(zip);
            }
        }
        CaptionIndex index = CaptionIndex.open(dir);
        Loaded loaded = new Loaded(key, index, new RegularizationSelector(index, encoder));
        if (current != null) {
            retired.add(current); // a query may still be reading it; closed at shutdown
        }
        current = loaded;
        return loaded;
    }

    @Override
    public synchronized void close() throws IOException {
        for (Loaded l : retired) {
            l.index().close();
        }
        retired.clear();
        if (current != null) {
            current.index().close();
            current = null;
        }
    }
}
