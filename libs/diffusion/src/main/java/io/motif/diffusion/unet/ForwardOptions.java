package io.motif.diffusion.unet;

import ai.djl.ndarray.NDArray;

import java.util.List;
import java.util.Map;

/**
 * Per-call UNet options. {@code detachBos}: cross-attention keys/values at token 0 get no gradient (training).
 * {@code debug}: when non-null, intermediate activations are put here under diffusers' module names
 * ({@code conv_in}, {@code time_proj}, {@code time_embedding}, {@code down_blocks.i}, {@code mid_block},
 * {@code up_blocks.i}, {@code conv_norm_out}, {@code conv_out}) to localise parity failures.
 * {@code crossAttentionMaps}: when non-null, every cross-attention layer appends its attention probabilities
 * (B, heads, H·W, tokens), in the order the layers run, so a training loss can shape where each token attends.
 * {@code mapsWithoutContextGradient}: those maps are computed from keys of the detached context (same values), so a
 * loss on them shapes the queries and the key projections but reaches the context (the text encoder) only through
 * what earlier layers' outputs, which later queries are computed from, owe to it: not through the keys.
 */
public record ForwardOptions(boolean detachBos, Map<String, NDArray> debug, List<NDArray> crossAttentionMaps,
                             boolean mapsWithoutContextGradient) {

    public ForwardOptions(boolean detachBos, Map<String, NDArray> debug, List<NDArray> crossAttentionMaps) {
        this(detachBos, debug, crossAttentionMaps, false);
    }

    public ForwardOptions(boolean detachBos, Map<String, NDArray> debug) {
        this(detachBos, debug, null);
    }

    public static final ForwardOptions INFERENCE = new ForwardOptions(false, null);
    public static final ForwardOptions TRAINING = new ForwardOptions(true, null);
}
