package io.motif.merge;

/**
 * The merge's linear system cannot be solved reliably: a Gram matrix is singular or too badly conditioned, or
 * a layer's solution misses its constraints. The message says which matrix or layer and what to do about it.
 */
public class IllConditionedMergeException extends RuntimeException {

    public IllConditionedMergeException(String message) {
        super(message);
    }
}
