package io.motif.retrieval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Encodes a corpus's captions and builds its index: the one call a service or command needs. */
public final class CorpusIndexer {
    private static final int BATCH = 64;

    private CorpusIndexer() {
    }

    public static IndexMetadata build(List<CorpusEntry> corpus, CaptionEncoder encoder, Path indexDir,
                                      HnswSettings settings) throws IOException {
        try (CaptionIndexBuilder builder = new CaptionIndexBuilder(indexDir, encoder.id(), encoder.dimension(), settings)) {
            for (int start = 0; start < corpus.size(); start += BATCH) {
                List<CorpusEntry> batch = corpus.subList(start, Math.min(corpus.size(), start + BATCH));
                List<float[]> features = encoder.encodeAll(batch.stream().map(CorpusEntry::caption).toList());
                for (int i = 0; i < batch.size(); i++) {
                    builder.add(batch.get(i), features.get(i));
                }
            }
            return builder.finish();
        }
    }
}
