package io.motif.retrieval;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;

/**
 * Writes a caption index into an empty directory: a Lucene index whose documents hold the image key, the caption
 * and its feature vector in an HNSW graph (cosine), plus {@link IndexMetadata}. {@link #add} is thread-safe, so
 * several threads can feed it (each builds its own segment's graph).
 */
public final class CaptionIndexBuilder implements Closeable {
    private final Path dir;
    private final String encoderId;
    private final int dimension;
    private final HnswSettings settings;
    private final ExecutorService mergeExecutor;
    private final FSDirectory directory;
    private final IndexWriter writer;
    private final AtomicLong count = new AtomicLong();
    private boolean finished;

    public CaptionIndexBuilder(Path dir, String encoderId, int dimension, HnswSettings settings) throws IOException {
        Files.createDirectories(dir);
        try (var existing = Files.list(dir)) {
            if (existing.findAny().isPresent()) {
                throw new IOException("index directory is not empty: " + dir);
            }
        }
        this.dir = dir;
        this.encoderId = encoderId;
        this.dimension = dimension;
        this.settings = settings;
        this.mergeExecutor = settings.mergeThreads() > 1 ? Executors.newFixedThreadPool(settings.mergeThreads()) : null;
        KnnVectorsFormat vectors = mergeExecutor == null
                ? new Lucene99HnswVectorsFormat(settings.maxConn(), settings.beamWidth())
                : new Lucene99HnswVectorsFormat(settings.maxConn(), settings.beamWidth(), settings.mergeThreads(),
                        mergeExecutor);
        Codec codec = new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return vectors;
            }
        };
        IndexWriterConfig config = new IndexWriterConfig()
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setCodec(codec)
                .setRAMBufferSizeMB(settings.ramBufferMb())
                .setUseCompoundFile(false);
        this.directory = FSDirectory.open(dir);
        this.writer = new IndexWriter(directory, config);
    }

    /** Adds one caption with its features; the vector is normalised on a copy, so cosine equals dot product. */
    public void add(CorpusEntry entry, float[] features) throws IOException {
        if (features.length != dimension) {
            throw new IllegalArgumentException("vector has " + features.length + " dimensions, the index " + dimension);
        }
        Document doc = new Document();
        doc.add(new StoredField(LuceneFields.IMAGE_KEY, entry.imageKey()));
        doc.add(new StoredField(LuceneFields.CAPTION, entry.caption()));
        doc.add(new KnnFloatVectorField(LuceneFields.VECTOR, Vectors.normalizeInPlace(features.clone()),
                LuceneFields.SIMILARITY));
        writer.addDocument(doc);
        count.incrementAndGet();
    }

    /** Commits (merging to one graph if configured) and writes the metadata; the directory is then complete. */
    public IndexMetadata finish() throws IOException {
        if (settings.mergeToOne()) {
            writer.forceMerge(1);
        }
        writer.commit();
        IndexMetadata meta = new IndexMetadata(IndexMetadata.FORMAT_VERSION, encoderId, dimension, count.get(),
                "cosine", settings.maxConn(), settings.beamWidth());
        meta.write(dir);
        finished = true;
        return meta;
    }

    @Override
    public void close() throws IOException {
        try {
            if (finished) {
                writer.close();
            } else {
                writer.rollback(); // an unfinished build leaves no half index that could be mistaken for a real one
            }
        } finally {
            directory.close();
            if (mergeExecutor != null) {
                mergeExecutor.shutdownNow();
            }
        }
    }

}
