package io.motif.sampler.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.motif.diffusion.delta.CrossAttentionWeights;
import io.motif.diffusion.delta.CustomDiffusionDelta;
import io.motif.diffusion.nn.Parameters;
import io.motif.diffusion.pipeline.StableDiffusionModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two concepts applied together on the parity fixture's tiny model: each K/V becomes W0 + (W_a − W0) + (W_b − W0),
 * not the last delta's weights, and both modifier tokens are known.
 */
class DeltaSumTest {

    @Test
    void twoDeltasAddTheirChangesToTheBaseAndBringBothTokens() throws Exception {
        try (StableDiffusionModel model = SamplerFixtures.model(); NDManager m = NDManager.newBaseManager()) {
            Parameters p = model.unet().parameters();
            List<String> keys = model.unet().names(n -> n.endsWith(".attn2.to_k.weight"));
            assertThat(keys).isNotEmpty();
            String k = keys.get(0);
            String v = k.replace("to_k", "to_v");
            float[] k0 = p.get(k).toFloatArray();
            float[] v0 = p.get(v).toFloatArray();
            int vocab = model.textEncoder().vocabRows();

            // concept a changes every layer's K by +0.01 and V by -0.02; concept b changes only the first layer, K by +0.1
            try (CustomDiffusionDelta a = delta(model, m, 0.01f, -0.02f, keys, "<new1>", 1f);
                 CustomDiffusionDelta b = delta(model, m, 0.1f, 0f, List.of(k), "<new2>", 2f)) {
                DeltaSum.applyTogether(model, List.of(a, b));
            }

            float[] k1 = p.get(k).toFloatArray();
            float[] v1 = p.get(v).toFloatArray();
            for (int i = 0; i < k0.length; i++) {
                assertThat(k1[i]).isCloseTo(k0[i] + 0.01f + 0.1f, org.assertj.core.data.Offset.offset(1e-5f));
                assertThat(v1[i]).isCloseTo(v0[i] - 0.02f, org.assertj.core.data.Offset.offset(1e-5f));
            }
            String other = keys.get(keys.size() - 1);
            assertThat(p.get(other).toFloatArray()[0]).as("a layer only concept a changed")
                    .isCloseTo(baseOf(other)[0] + 0.01f, org.assertj.core.data.Offset.offset(1e-5f));
            assertThat(model.tokenizer().idOf("<new1>")).isEqualTo(vocab);
            assertThat(model.tokenizer().idOf("<new2>")).isEqualTo(vocab + 1);
            NDArray table = model.textEncoder().parameters().get(
                    io.motif.diffusion.text.ClipTextEncoder.TOKEN_TABLE);
            assertThat(table.get(vocab + 1).toFloatArray()[0]).isEqualTo(2f);
        }
    }

    @Test
    void twoDeltasWithTheSameTokenButDifferentEmbeddingsAreRefusedAndTheModelIsUntouched() throws Exception {
        try (StableDiffusionModel model = SamplerFixtures.model(); NDManager m = NDManager.newBaseManager()) {
            List<String> keys = model.unet().names(n -> n.endsWith(".attn2.to_k.weight"));
            float[] before = model.unet().parameters().get(keys.get(0)).toFloatArray();
            try (CustomDiffusionDelta a = delta(model, m, 0.01f, 0f, keys, "<new1>", 1f);
                 CustomDiffusionDelta b = delta(model, m, 0.02f, 0f, keys, "<new1>", 3f)) {
                assertThatThrownBy(() -> DeltaSum.applyTogether(model, List.of(a, b)))
                        .hasMessageContaining("<new1>").hasMessageContaining("distinct tokens");
            }
            assertThat(model.unet().parameters().get(keys.get(0)).toFloatArray()).containsExactly(before);
            assertThat(model.tokenizer().idOf("<new1>")).isNegative();
        }
    }

    /** A delta whose K and V are the base's plus a constant on the given layers, with one token of a constant row. */
    private static CustomDiffusionDelta delta(StableDiffusionModel model, NDManager m, float dk, float dv,
                                              List<String> kKeys, String token, float row) {
        Parameters p = model.unet().parameters();
        List<CrossAttentionWeights> layers = new ArrayList<>();
        for (String k : kKeys) {
            String module = k.substring(0, k.length() - ".to_k.weight".length());
            NDArray kw = p.get(k).add(dk);
            NDArray vw = p.get(module + ".to_v.weight").add(dv);
            kw.attach(m);
            vw.attach(m);
            layers.add(new CrossAttentionWeights(module, kw, vw, null, null, null));
        }
        long dim = model.textEncoder().parameters().get(io.motif.diffusion.text.ClipTextEncoder.TOKEN_TABLE)
                .getShape().get(1);
        return CustomDiffusionDelta.of(layers, Map.of(token, m.full(new Shape(dim), row)), m);
    }

    private static float[] baseOf(String name) throws Exception {
        try (StableDiffusionModel fresh = SamplerFixtures.model()) {
            return fresh.unet().parameters().get(name).toFloatArray();
        }
    }
}
