package io.motif.jobs.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentCacheTest {

    @TempDir
    Path dir;

    @Test
    void fetchesOnceThenServesFromDisk() throws Exception {
        DirectoryBlobStore store = new DirectoryBlobStore(dir.resolve("store"));
        byte[] bytes = "instance image".getBytes(StandardCharsets.UTF_8);
        String key = ContentAddress.store(store, ContentAddress.prefix("t1", "images"), bytes);
        assertThat(key).isEqualTo("tenants/t1/images/" + ContentAddress.sha256(bytes));

        ContentCache cache = new ContentCache(store, dir.resolve("cache"));
        Path first = cache.fetch(key);
        assertThat(Files.readAllBytes(first)).isEqualTo(bytes);

        // the object disappears from the store: the cached copy still serves
        Files.delete(dir.resolve("store").resolve(key));
        assertThat(cache.fetch(key)).isEqualTo(first);
    }

    @Test
    void anObjectWhoseBytesDoNotMatchItsKeyIsRefusedAndNotCached() throws Exception {
        DirectoryBlobStore store = new DirectoryBlobStore(dir.resolve("store"));
        String key = ContentAddress.keyFor("t1/images", ContentAddress.sha256("original".getBytes(StandardCharsets.UTF_8)));
        store.put(key, "tampered".getBytes(StandardCharsets.UTF_8));

        ContentCache cache = new ContentCache(store, dir.resolve("cache"));
        assertThatThrownBy(() -> cache.fetch(key)).isInstanceOf(IOException.class).hasMessageContaining("sha256");
        assertThat(cache.isCached(key)).isFalse();
    }

    @Test
    void aMissingInputIsAClearError() {
        ContentCache cache = new ContentCache(new DirectoryBlobStore(dir.resolve("store")), dir.resolve("cache"));
        String key = ContentAddress.keyFor("x", "0".repeat(64));
        assertThatThrownBy(() -> cache.fetch(key)).hasMessageContaining("missing");
    }
}
