package io.motif.shapes.tiny;

/**
 * Settings of the cross-attention grounding loss ({@link GroundingLoss}) of a pretraining run.
 *
 * @param weight      weight of the share loss ({@link GroundingLoss#share}) added to the denoising loss; 0 for none
 * @param words       which caption tokens it pulls onto their object's cells
 * @param pooledHeads whether it asks that of the heads' mean attention map (false: of each head's map, so every head
 *                    of every layer must ground every token)
 * @param massWeight  weight of the mass loss ({@link GroundingLoss#mass}); 0 for none
 * @param sparesTextEncoder whether the losses see the attention maps through detached keys, so they do not shape
 *                    the text encoder through the keys (with it, the grounded runs' encoders stopped telling colours
 *                    apart: see the model card)
 * @param fromStep    the first step it applies to; the steps before train on the denoising loss alone, so the
 *                    model can learn to read the caption's other words before their attention is constrained
 */
public record GroundingOptions(double weight, GroundedWords words, boolean pooledHeads, double massWeight,
                               boolean sparesTextEncoder, int fromStep) {

    /** No grounding loss. */
    public static GroundingOptions none() {
        return new GroundingOptions(0, GroundedWords.ALL, false, 0, false, 0);
    }

    /**
     * motif-tiny's recipe: the position words' pooled attention pulled onto their objects with weight 0.1, from the
     * first step, no mass loss. With a text encoder frozen after its warm-up this binds positions and keeps colour
     * (see the model card).
     */
    public static GroundingOptions positionWords() {
        return new GroundingOptions(0.1, GroundedWords.POSITIONS, true, 0, false, 0);
    }

    public GroundingOptions {
        if (weight < 0 || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("the grounding weight must be 0 or positive, not " + weight);
        }
        if (massWeight < 0 || !Double.isFinite(massWeight)) {
            throw new IllegalArgumentException("the grounding mass weight must be 0 or positive, not " + massWeight);
        }
        if (words == null) {
            throw new IllegalArgumentException("say which words the grounding loss grounds");
        }
        if (fromStep < 0) {
            throw new IllegalArgumentException("the grounding loss cannot start at step " + fromStep);
        }
    }

    public boolean enabled() {
        return weight > 0 || massWeight > 0;
    }

    /** Whether the losses apply at {@code step}. */
    public boolean activeAt(int step) {
        return enabled() && step >= fromStep;
    }
}
