package io.motif.diffusion.delta;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.motif.diffusion.Fixtures;
import io.motif.diffusion.TestModels;
import io.motif.diffusion.pipeline.StableDiffusionModel;
import io.motif.diffusion.safetensors.SafetensorsFile;
import io.motif.diffusion.text.ClipTextEncoder;
import io.motif.diffusion.tokenizer.WordLevelTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A delta captured from a changed model, written, read back and applied to a fresh model reproduces it. */
class CustomDiffusionApplyTest {

    private static StableDiffusionModel load() throws Exception {
        StableDiffusionModel m = StableDiffusionModel.load(Fixtures.publicDir(), Device.cpu());
        m.setTokenizer(new WordLevelTokenizer(TestModels.toyVocab(), 998, 999, 999, 1000, 77));
        return m;
    }

    private static NDArray unetOut(StableDiffusionModel model, NDManager m) throws Exception {
        try (SafetensorsFile io = SafetensorsFile.open(Fixtures.publicDir().resolve("io.safetensors"))) {
            return model.unet().forward(io.load("unet.sample", m), io.load("unet.timestep", m), io.load("unet.encoder_hidden_states", m));
        }
    }

    @Test
    void crossattnModeDeltaWithATokenRoundTripsThroughFiles(@TempDir Path tmp) throws Exception {
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
             StableDiffusionModel trained = load();
             StableDiffusionModel fresh = load()) {
            NDArray row = m.create(new float[32]).add(0.25f);
            int id = trained.addToken("<new1>", row);
            String q = "mid_block.attentions.0.transformer_blocks.0.attn2.to_q.weight";
            String k = "up_blocks.0.attentions.1.transformer_blocks.0.attn2.to_k.weight";
            trained.unet().parameters().get(q).addi(0.05f);
            trained.unet().parameters().get(k).muli(1.5f);
            NDArray expected = unetOut(trained, m);
            assertThat(expected.sub(unetOut(fresh, m)).abs().max().getFloat()).isGreaterThan(1e-4f);

            try (CustomDiffusionDelta d = CustomDiffusionDelta.capture(trained, true, List.of("<new1>"))) {
                assertThat(d.weightTensors()).containsKey("mid_block.attentions.0.transformer_blocks.0.attn2.processor.to_q_custom_diffusion.weight")
                        .containsKey("mid_block.attentions.0.transformer_blocks.0.attn2.processor.to_out_custom_diffusion.0.bias");
                d.write(tmp);
            }
            try (CustomDiffusionDelta back = CustomDiffusionDelta.read(tmp, m)) {
                assertThat(back.layers()).hasSize(6).allMatch(CrossAttentionWeights::trainsQueryAndOut);
                back.applyTo(fresh);
            }
            assertThat(unetOut(fresh, m).sub(expected).abs().max().getFloat()).isZero();
            assertThat(fresh.tokenizer().idOf("<new1>")).isEqualTo(id);
            NDArray table = fresh.textEncoder().parameters().get(ClipTextEncoder.TOKEN_TABLE);
            assertThat(table.get(id).toFloatArray()).containsOnly(0.25f);
        }
    }

    @Test
    void aDeltaForAnotherArchitectureIsRefusedBeforeAnythingChanges(@TempDir Path tmp) throws Exception {
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
             StableDiffusionModel model = load()) {
            NDArray before = unetOut(model, m);
            NDArray wrong = m.zeros(new ai.djl.ndarray.types.Shape(64, 16));
            List<CrossAttentionWeights> ws = List.of(
                    new CrossAttentionWeights("down_blocks.1.attentions.0.transformer_blocks.0.attn2", m.zeros(new ai.djl.ndarray.types.Shape(64, 32)),
                            m.zeros(new ai.djl.ndarray.types.Shape(64, 32)), null, null, null),
                    new CrossAttentionWeights("up_blocks.0.attentions.0.transformer_blocks.0.attn2", wrong, wrong, null, null, null));
            try (CustomDiffusionDelta d = CustomDiffusionDelta.of(ws, java.util.Map.of(), m)) {
                assertThatThrownBy(() -> d.applyTo(model)).hasMessageContaining("shape");
            }
            assertThat(unetOut(model, m).sub(before).abs().max().getFloat()).isZero();
        }
    }
}
