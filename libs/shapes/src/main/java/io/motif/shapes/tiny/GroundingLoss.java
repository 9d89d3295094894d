package io.motif.shapes.tiny;

import ai.djl.ndarray.NDArray;

import java.util.List;
import java.util.Map;

/**
 * A token-level grounding loss on the UNet's cross-attention maps, after TokenCompose (Wang et al., 2024): for each
 * token that names an object, the share of its attention (summed over pixels) that falls inside the object's cells
 * should be 1; the loss is (1 − share)², averaged over heads, tokens with a target and cross-attention layers.
 *
 * <p>Why: trained on the denoising loss alone, motif-tiny never let position words decide where things are drawn
 * (the caption only matters at noisy steps, where the ε-loss barely changes). This loss asks the pixels of the
 * object's cells, at every noise level, to attend to its words; with the object hidden in noise, the pixels can only
 * do so by knowing where they are, which is what ties "top left" to the top left.
 */
final class GroundingLoss {

    private GroundingLoss() {
    }

    /**
     * @param maps    each cross-attention layer's probabilities (B, heads, N, M), N a square grid's cells
     * @param targets per grid side, the (B, N, M) targets of {@link GroundingTargets}
     * @param divisor what the per-layer sum over (sample, token) pairs with a target (and heads) is divided by:
     *                their number, for a mean
     * @param pooledHeads whether the share is taken of the heads' mean map (one head may do the grounding and the
     *                    others attend freely) or of each head's map (every head must ground every token)
     * @return the scalar loss
     */
    static NDArray of(List<NDArray> maps, Map<Integer, NDArray> targets, double divisor, boolean pooledHeads) {
        if (maps.isEmpty()) {
            throw new IllegalArgumentException("the UNet reported no cross-attention maps");
        }
        NDArray sum = null;
        for (NDArray map : maps) {
            NDArray a = pooledHeads ? map.mean(new int[]{1}, true) : map;
            long cells = a.getShape().get(2);
            int side = (int) Math.round(Math.sqrt(cells));
            NDArray target = targets.get(side);
            if (target == null || (long) side * side != cells) {
                throw new IllegalStateException("no grounding targets for a " + cells + "-pixel attention map");
            }
            long heads = a.getShape().get(1);
            NDArray t = target.expandDims(1);                         // (B, 1, N, M)
            NDArray inside = a.mul(t).sum(new int[]{2});               // (B, heads, M)
            NDArray total = a.sum(new int[]{2}).add(1e-8f);
            NDArray has = target.sum(new int[]{1}).gt(0).toType(a.getDataType(), false).expandDims(1); // (B, 1, M)
            NDArray miss = inside.div(total).neg().add(1f).square().mul(has);
            NDArray layer = miss.sum().div((float) (Math.max(1e-9, divisor) * heads));
            sum = sum == null ? layer : sum.add(layer);
        }
        return sum.div((float) maps.size());
    }
}
