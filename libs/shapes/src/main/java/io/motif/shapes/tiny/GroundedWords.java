package io.motif.shapes.tiny;

/**
 * Which caption tokens the grounding share loss ({@link GroundingLoss#share}) pulls onto their object's cells; the
 * mass loss ({@link GroundingLoss#mass}) always counts every word of an object phrase.
 */
public enum GroundedWords {
    /** Every word of an object phrase: size, colour, shape and position words. */
    ALL,
    /**
     * Only the position words. The text encoder is causal and a phrase ends with its position ("a red circle at
     * the top left"), so these are the only tokens whose state knows both what the object is and where it goes;
     * the size, colour and shape words keep their attention free.
     */
    POSITIONS
}
