package io.motif.retrieval.service;

import io.motif.imaging.ImageIntake;
import io.motif.imaging.ImageRejectedException;
import io.motif.imaging.NormalizedImage;
import io.motif.retrieval.CaptionEncoder;
import io.motif.retrieval.CorpusEntry;
import io.motif.retrieval.CorpusFolder;
import io.motif.retrieval.CorpusIndexer;
import io.motif.retrieval.HnswSettings;
import io.motif.retrieval.IndexArchive;
import io.motif.retrieval.IndexMetadata;
import io.motif.files.Folders;
import io.motif.storage.ObjectKey;
import io.motif.storage.ObjectStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Copies a corpus folder (reference layout: {@code images/} + {@code caption.txt}) into object storage and builds
 * its caption index there. Each image goes through the same intake as user uploads (a scraped corpus is as hostile
 * as the internet it came from) and is stored content-addressed; refused images are left out and counted.
 */
public final class CorpusImporter {
    /** Object kinds under the corpus tenant's prefix. */
    public static final String IMAGE_KIND = "corpus-images";
    public static final String INDEX_KIND = "caption-indexes";

    private static final Logger LOG = Logger.getLogger(CorpusImporter.class);

    private final ObjectStore store;
    private final ImageIntake intake;

    public CorpusImporter(ObjectStore store, ImageIntake intake) {
        this.store = store;
        this.intake = intake;
    }

    /** What an import produced: the index archive's key, how many captions it holds, how many images were refused. */
    public record Imported(ObjectKey indexKey, IndexMetadata metadata, int refused) {
    }

    public Imported importFolder(Path folder, String tenant, CaptionEncoder encoder, Path workDir) throws IOException {
        List<CorpusEntry> stored = new ArrayList<>();
        int refused = 0;
        for (CorpusEntry entry : CorpusFolder.read(folder)) {
            try {
                NormalizedImage image = intake.normalize(Files.readAllBytes(folder.resolve(entry.imageKey())));
                ObjectKey key = store.putContent(tenant, IMAGE_KIND, image.png(), "image/png");
                stored.add(new CorpusEntry(key.path(), entry.caption()));
            } catch (ImageRejectedException e) {
                refused++;
                LOG.warnf("corpus %s: %s refused (%s)", folder, entry.imageKey(), e.getMessage());
            }
        }
        Path indexDir = Files.createTempDirectory(Files.createDirectories(workDir), "index-build");
        Path built = indexDir.resolve("index");
        IndexMetadata meta = CorpusIndexer.build(stored, encoder, built, HnswSettings.defaults());
        // zipped to a file and streamed up: a million-caption index never sits in the heap (twice)
        Path zip = indexDir.resolve("index.zip");
        try (OutputStream out = Files.newOutputStream(zip)) {
            IndexArchive.zip(built, out);
        }
        ObjectKey indexKey = store.putFile(tenant, INDEX_KIND, zip, "application/zip");
        Folders.deleteRecursively(indexDir);
        LOG.infof("corpus %s: %d captions indexed with %s as %s (%d images refused)", folder, meta.count(),
                encoder.id(), indexKey.path(), refused);
        return new Imported(indexKey, meta, refused);
    }

}
