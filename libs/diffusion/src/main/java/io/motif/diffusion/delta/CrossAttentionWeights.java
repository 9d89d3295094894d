package io.motif.diffusion.delta;

import ai.djl.ndarray.NDArray;

/**
 * The fine-tuned weights of one cross-attention layer ({@code module} is its diffusers path, e.g.
 * {@code down_blocks.1.attentions.0.transformer_blocks.0.attn2}): full K and V matrices, plus Q and the output
 * projection in diffusers' {@code crossattn} mode (null otherwise). These are full weights, not differences.
 */
public record CrossAttentionWeights(String module, NDArray toK, NDArray toV, NDArray toQ, NDArray toOutWeight,
                                    NDArray toOutBias) {

    public boolean trainsQueryAndOut() {
        return toQ != null || toOutWeight != null;
    }
}
