package io.motif.diffusion.unet;

import ai.djl.ndarray.NDArray;

import java.util.Map;

/**
 * Per-call UNet options. {@code detachBos}: cross-attention keys/values at token 0 get no gradient (training).
 * {@code debug}: when non-null, intermediate activations are put here under diffusers' module names
 * ({@code conv_in}, {@code time_proj}, {@code time_embedding}, {@code down_blocks.i}, {@code mid_block},
 * {@code up_blocks.i}, {@code conv_norm_out}, {@code conv_out}) to localise parity failures.
 */
public record ForwardOptions(boolean detachBos, Map<String, NDArray> debug) {

    public static final ForwardOptions INFERENCE = new ForwardOptions(false, null);
    public static final ForwardOptions TRAINING = new ForwardOptions(true, null);
}
