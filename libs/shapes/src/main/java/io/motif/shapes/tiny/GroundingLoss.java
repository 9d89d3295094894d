package io.motif.shapes.tiny;

import ai.djl.ndarray.NDArray;

import java.util.List;
import java.util.Map;

/**
 * Grounding losses on the UNet's cross-attention maps, after TokenCompose (Wang et al., 2024).
 *
 * <ul>
 *   <li>{@link #share}: for each grounded token, the share of its attention (summed over pixels) that falls inside
 *       its object's cells should be 1.</li>
 *   <li>{@link #mass}: each pixel inside an object should give its attention to that object's words.</li>
 * </ul>
 *
 * <p>Why: trained on the denoising loss alone, motif-tiny never let position words decide where things are drawn
 * (the caption only matters at noisy steps, where the ε-loss barely changes), and its attention was spread almost
 * evenly over the caption. The share loss asks the pixels of the object's cells, at every noise level, to attend to
 * its words more than other pixels do; with the object hidden in noise, the pixels can only do so by knowing where
 * they are, which is what ties "top left" to the top left. It says nothing about how much attention that is, and
 * on its own the models met it by sending almost all attention to the padding tokens and keeping a little for the
 * grounded words: colour words then went unread. The mass loss asks for the amount: an object's pixels should read
 * its words, not the padding.
 */
final class GroundingLoss {

    private GroundingLoss() {
    }

    /**
     * (1 − share)², averaged over the grounded tokens (and heads, unless pooled) and the layers.
     *
     * @param maps        each cross-attention layer's probabilities (B, heads, N, M), N a square grid's cells
     * @param targets     per grid side, the (B, N, M) targets of {@link GroundingTargets}
     * @param shareTokens (B, M): 1 for the tokens this loss grounds
     * @param divisor     what the per-layer sum over grounded (sample, token) pairs (and heads) is divided by:
     *                    their number, for a mean
     * @param pooledHeads whether the share is taken of the heads' mean map (one head may do the grounding and the
     *                    others attend freely) or of each head's map (every head must ground every token)
     * @return the scalar loss
     */
    static NDArray share(List<NDArray> maps, Map<Integer, NDArray> targets, NDArray shareTokens, double divisor,
                         boolean pooledHeads) {
        requireMaps(maps);
        NDArray sum = null;
        for (NDArray map : maps) {
            NDArray a = headsOf(map, pooledHeads);
            NDArray target = targetFor(a, targets);
            long heads = a.getShape().get(1);
            NDArray inside = a.mul(target.expandDims(1)).sum(new int[]{2});   // (B, heads, M)
            NDArray total = a.sum(new int[]{2}).add(1e-8f);
            NDArray miss = inside.div(total).neg().add(1f).square().mul(shareTokens.expandDims(1));
            NDArray layer = miss.sum().div((float) (Math.max(1e-9, divisor) * heads));
            sum = sum == null ? layer : sum.add(layer);
        }
        return sum.div((float) maps.size());
    }

    /**
     * (1 − mass)², mass being the attention a pixel inside an object gives to that object's words: averaged over
     * each sample's object pixels (and heads, unless pooled), then over the samples (one without targets counts 0,
     * so that equal shards of a batch average to the batch's loss) and the layers.
     */
    static NDArray mass(List<NDArray> maps, Map<Integer, NDArray> targets, boolean pooledHeads) {
        requireMaps(maps);
        NDArray sum = null;
        for (NDArray map : maps) {
            NDArray a = headsOf(map, pooledHeads);
            NDArray target = targetFor(a, targets);
            long heads = a.getShape().get(1);
            NDArray onItsWords = a.mul(target.expandDims(1)).sum(new int[]{3});   // (B, heads, N)
            NDArray inObject = target.sum(new int[]{2}).gt(0).toType(a.getDataType(), false).expandDims(1);
            NDArray missPerSample = onItsWords.neg().add(1f).square().mul(inObject).sum(new int[]{1, 2});
            NDArray pixelsPerSample = inObject.sum(new int[]{1, 2}).mul((float) heads).maximum(1f);
            NDArray layer = missPerSample.div(pixelsPerSample).mean();
            sum = sum == null ? layer : sum.add(layer);
        }
        return sum.div((float) maps.size());
    }

    /** The map itself, or its heads' mean as one head. */
    private static NDArray headsOf(NDArray map, boolean pooledHeads) {
        return pooledHeads ? map.mean(new int[]{1}, true) : map;
    }

    private static void requireMaps(List<NDArray> maps) {
        if (maps.isEmpty()) {
            throw new IllegalArgumentException("the UNet reported no cross-attention maps");
        }
    }

    private static NDArray targetFor(NDArray map, Map<Integer, NDArray> targets) {
        long cells = map.getShape().get(2);
        int side = (int) Math.round(Math.sqrt(cells));
        NDArray target = targets.get(side);
        if (target == null || (long) side * side != cells) {
            throw new IllegalStateException("no grounding targets for a " + cells + "-pixel attention map");
        }
        return target;
    }
}
