package io.motif.sampler.jobs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.motif.diffusion.delta.CrossAttentionWeights;
import io.motif.diffusion.delta.CustomDiffusionDelta;
import io.motif.diffusion.nn.Parameters;
import io.motif.diffusion.pipeline.StableDiffusionModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several Custom Diffusion deltas applied together, without a merge. A delta stores full fine-tuned weights W_i
 * (not differences), so applying one after another would keep only the last concept's K/V. Each concept's change is
 * its difference from the base, W_i − W0, and the concepts are applied together by adding their changes:
 * W = W0 + Σ_i (W_i − W0) for every stored weight of every layer (K and V; Q and out as well for deltas trained in
 * {@code crossattn} mode); a layer a delta does not store contributes nothing. Every delta's modifier-token
 * embeddings are added to the text encoder. This is the naive sum the paper compares its closed-form merge against:
 * cheap, no optimisation, with more interference between concepts than a merged delta.
 */
final class DeltaSum {

    private DeltaSum() {
    }

    /**
     * Applies {@code deltas} to the model. Fails, leaving the model untouched, when two deltas bring the same modifier
     * token with different embeddings (a prompt could not say which concept it means).
     */
    static void applyTogether(StableDiffusionModel model, List<CustomDiffusionDelta> deltas) {
        if (deltas.size() == 1) {
            deltas.get(0).applyTo(model);
            return;
        }
        Map<String, NDArray> tokens = tokensOf(deltas);
        Parameters base = model.unet().parameters();
        try (NDManager scratch = model.manager().newSubManager()) {
            Map<String, NDArray[]> sums = new LinkedHashMap<>();
            for (CustomDiffusionDelta delta : deltas) {
                for (CrossAttentionWeights layer : delta.layers()) {
                    NDArray[] sum = sums.computeIfAbsent(layer.module(), m -> new NDArray[5]);
                    NDArray[] fine = {layer.toK(), layer.toV(), layer.toQ(), layer.toOutWeight(), layer.toOutBias()};
                    for (int i = 0; i < fine.length; i++) {
                        if (fine[i] == null) {
                            continue;
                        }
                        String name = layer.module() + "." + BASE_NAMES[i];
                        if (!base.has(name)) {
                            throw new IllegalArgumentException("delta layer " + layer.module() + " does not exist in "
                                    + "this UNet (no " + name + ")");
                        }
                        NDArray w0 = base.get(name);
                        NDArray change = fine[i].toDevice(w0.getDevice(), false).sub(w0);
                        change.attach(scratch);
                        sum[i] = sum[i] == null ? w0.add(change) : sum[i].add(change);
                        sum[i].attach(scratch);
                    }
                }
            }
            List<CrossAttentionWeights> combined = new ArrayList<>();
            sums.forEach((module, w) -> combined.add(new CrossAttentionWeights(module, w[0], w[1], w[2], w[3], w[4])));
            try (CustomDiffusionDelta together = CustomDiffusionDelta.of(combined, tokens, scratch)) {
                together.applyTo(model);
            }
        }
    }

    /** diffusers' names of the base weights, in the order of a layer's K, V, Q, out weight, out bias. */
    private static final String[] BASE_NAMES = {"to_k.weight", "to_v.weight", "to_q.weight", "to_out.0.weight",
            "to_out.0.bias"};

    private static Map<String, NDArray> tokensOf(List<CustomDiffusionDelta> deltas) {
        Map<String, NDArray> tokens = new LinkedHashMap<>();
        for (CustomDiffusionDelta delta : deltas) {
            for (Map.Entry<String, NDArray> t : delta.tokens().entrySet()) {
                NDArray seen = tokens.putIfAbsent(t.getKey(), t.getValue());
                if (seen != null && !seen.contentEquals(t.getValue())) {
                    throw new IllegalArgumentException("two deltas bring modifier token " + t.getKey()
                            + " with different embeddings; concepts sampled together need distinct tokens (or a merge)");
                }
            }
        }
        return tokens;
    }
}
