package io.motif.retrieval;

/**
 * What to retrieve for one concept.
 *
 * @param queryCaption the category caption, e.g. "photo of a dog" (the paper queries with the class name)
 * @param k            how many regularization images are wanted (paper: 200)
 * @param threshold    minimum caption-feature cosine (paper: 0.85)
 * @param shortfall    what to do when fewer than k captions clear the threshold
 */
public record SelectionRequest(String queryCaption, int k, float threshold, ShortfallPolicy shortfall) {
    public static final int DEFAULT_K = 200;
    public static final float DEFAULT_THRESHOLD = 0.85f;

    public static SelectionRequest of(String queryCaption) {
        return new SelectionRequest(queryCaption, DEFAULT_K, DEFAULT_THRESHOLD, ShortfallPolicy.FILL_WITH_BEST_BELOW);
    }

    public SelectionRequest {
        if (queryCaption == null || queryCaption.isBlank()) {
            throw new IllegalArgumentException("queryCaption is required");
        }
        if (k <= 0 || k > 100_000) {
            throw new IllegalArgumentException("k must be in 1..100000, was " + k);
        }
        if (!(threshold >= -1f && threshold <= 1f)) {
            throw new IllegalArgumentException("threshold must be a cosine in [-1, 1], was " + threshold);
        }
        if (shortfall == null) {
            throw new IllegalArgumentException("shortfall policy is required");
        }
    }

    /**
     * The answer to "fewer than k are above the threshold". Filling keeps the regularization set at its intended
     * size (the prior-preservation loss is balanced against it) at the cost of weaker matches, which are flagged.
     */
    public enum ShortfallPolicy {
        /** Top up with the best captions below the threshold, each flagged {@code aboveThreshold=false}. */
        FILL_WITH_BEST_BELOW,
        /** Return only what clears the threshold, even if that is fewer than k (or none). */
        ABOVE_THRESHOLD_ONLY
    }
}
