package io.motif.retrieval;

import java.util.List;

/**
 * The regularization set chosen for a concept: the content of the selection manifest and of the
 * {@code regularization.selected} event.
 *
 * @param status          how the request was met
 * @param aboveThreshold  how many selected captions clear the threshold
 * @param corpusSize      captions in the index that was searched
 * @param exact           whether the search scanned every vector (small corpus) or used the HNSW graph
 * @param note            one sentence for people: what was found and what was used instead
 */
public record Selection(String queryCaption, String encoderId, int k, float threshold,
                        SelectionRequest.ShortfallPolicy shortfall, Status status, int aboveThreshold,
                        long corpusSize, boolean exact, List<SelectedImage> images, String note) {

    public enum Status {
        /** k captions clear the threshold. */
        COMPLETE,
        /** Fewer than k cleared it; the set was topped up with the best captions below it (flagged). */
        FILLED_BELOW_THRESHOLD,
        /** Fewer than k cleared it and the policy forbids topping up: the set is smaller than asked. */
        SHORT
    }

    /** One chosen image; {@code aboveThreshold} is false for top-up entries. */
    public record SelectedImage(String imageKey, String caption, float score, boolean aboveThreshold) {
    }
}
