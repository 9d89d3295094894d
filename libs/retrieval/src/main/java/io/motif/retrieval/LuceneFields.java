package io.motif.retrieval;

import org.apache.lucene.index.VectorSimilarityFunction;

/** Field names inside the Lucene index: one document per corpus entry. */
final class LuceneFields {
    /** Lucene scores it as (1 + cos) / 2; see {@link CaptionIndex#cosineFromLuceneScore}. */
    static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.COSINE;
    static final String VECTOR = "caption_vector";
    static final String IMAGE_KEY = "image_key";
    static final String CAPTION = "caption";

    private LuceneFields() {
    }
}
