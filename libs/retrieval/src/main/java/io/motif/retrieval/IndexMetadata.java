package io.motif.retrieval;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an index directory holds, written beside Lucene's files as {@value #FILE_NAME}: which encoder made the
 * vectors (queries from another encoder are refused), their dimension and how many captions there are.
 */
public record IndexMetadata(int formatVersion, String encoderId, int dimension, long count, String similarity,
                            int hnswMaxConn, int hnswBeamWidth) {
    public static final String FILE_NAME = "motif-index.json";
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    public void write(Path dir) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(FILE_NAME).toFile(), this);
    }

    public static IndexMetadata read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IOException("not a Motif caption index (no " + FILE_NAME + "): " + dir);
        }
        IndexMetadata meta = JSON.readValue(file.toFile(), IndexMetadata.class);
        if (meta.formatVersion() != FORMAT_VERSION) {
            throw new IOException("index format " + meta.formatVersion() + " is not " + FORMAT_VERSION + ": " + dir);
        }
        return meta;
    }
}
