package io.motif.retrieval;

/**
 * One regularization image and its caption.
 *
 * @param imageKey where the image lives (an object-storage key, or a path relative to the corpus folder)
 * @param caption  the caption used both for retrieval and as the training prompt of that image
 */
public record CorpusEntry(String imageKey, String caption) {
    public CorpusEntry {
        if (imageKey == null || imageKey.isBlank()) {
            throw new IllegalArgumentException("imageKey is required");
        }
        if (caption == null) {
            throw new IllegalArgumentException("caption is required for " + imageKey);
        }
    }
}
