package io.motif.diffusion.unet;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.motif.diffusion.Fixtures;
import io.motif.diffusion.TestModels;
import io.motif.diffusion.nn.Ops;
import io.motif.diffusion.safetensors.SafetensorsFile;
import io.motif.diffusion.safetensors.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parts of the SD 1.x/2.x config space the public fixture does not exercise, checked by equivalence: a model
 * rewritten into another configuration that computes the same function must give the same output.
 */
class UNetConfigSpaceTest {

    private static NDArray out(Path unetDir, NDManager m) throws Exception {
        try (SafetensorsFile io = SafetensorsFile.open(Fixtures.publicDir().resolve("io.safetensors"))) {
            UNet2DConditionModel u = UNet2DConditionModel.load(unetDir, m);
            return u.forward(io.load("unet.sample", m), io.load("unet.timestep", m), io.load("unet.encoder_hidden_states", m));
        }
    }

    @Test
    void linearProjectionsEqualTheirOneByOneConvolutions(@TempDir Path tmp) throws Exception {
        // SD 2.x uses use_linear_projection: proj_in/proj_out are Linear [C, C] instead of 1x1 convs [C, C, 1, 1]
        TestModels.copy(tmp, "unet");
        Path w = tmp.resolve("unet/diffusion_pytorch_model.safetensors");
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            SafetensorsWriter writer = new SafetensorsWriter();
            try (SafetensorsFile st = SafetensorsFile.open(Fixtures.publicDir().resolve("unet/diffusion_pytorch_model.safetensors"))) {
                for (String n : st.names()) {
                    NDArray a = st.load(n, m);
                    if ((n.contains("proj_in.weight") || n.contains("proj_out.weight")) && a.getShape().dimension() == 4) {
                        a = a.reshape(a.getShape().get(0), a.getShape().get(1));
                    }
                    writer.add(n, a);
                }
            }
            writer.write(w);
            TestModels.editConfig(tmp.resolve("unet/config.json"), c -> c.put("use_linear_projection", true));
            NDArray ref = out(Fixtures.publicDir().resolve("unet"), m);
            NDArray lin = out(tmp.resolve("unet"), m);
            assertThat(lin.sub(ref).abs().max().getFloat()).isLessThan(1e-5f);
        }
    }

    @Test
    void headCountsPerLevelAreApplied(@TempDir Path tmp) throws Exception {
        TestModels.copy(tmp, "unet");
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray ref = out(Fixtures.publicDir().resolve("unet"), m);
            TestModels.editConfig(tmp.resolve("unet/config.json"), c -> c.putArray("attention_head_dim").add(8).add(8));
            assertThat(out(tmp.resolve("unet"), m).sub(ref).abs().max().getFloat()).isLessThan(1e-6f);
            TestModels.editConfig(tmp.resolve("unet/config.json"), c -> c.putArray("attention_head_dim").add(8).add(2));
            assertThat(out(tmp.resolve("unet"), m).sub(ref).abs().max().getFloat()).isGreaterThan(1e-4f);
        }
    }

    @Test
    void activationsMatchTheirDefinitions() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {-2f, 0f, 1f});
            // exact GELU: x·Φ(x); Φ(1) = 0.8413447, Φ(-2) = 0.0227501
            assertThat(Ops.gelu(x).toFloatArray()).containsExactly(new float[] {-0.0455003f, 0f, 0.8413447f},
                    org.assertj.core.data.Offset.offset(1e-6f));
            // quick_gelu: x·σ(1.702x)
            assertThat(Ops.quickGelu(x).toFloatArray()[2]).isCloseTo((float) (1 / (1 + Math.exp(-1.702))), org.assertj.core.data.Offset.offset(1e-6f));
        }
    }
}
