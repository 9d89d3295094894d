package io.motif.diffusion.text;

import ai.djl.ndarray.NDArray;

import java.util.List;

/**
 * CLIPTextModel outputs: {@code lastHiddenState} (after final_layer_norm), {@code hiddenStates} (embeddings, then
 * each layer's output, the last one before final_layer_norm; empty unless asked for) and {@code pooled} (the row
 * at each sequence's EOS).
 */
public record TextEncoderOutput(NDArray lastHiddenState, List<NDArray> hiddenStates, NDArray pooled) {
}
