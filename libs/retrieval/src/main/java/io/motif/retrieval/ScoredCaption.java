package io.motif.retrieval;

/**
 * A search hit.
 *
 * @param cosine cosine similarity of the caption's features with the query's, in [-1, 1]
 */
public record ScoredCaption(String imageKey, String caption, float cosine) {
}
