package io.motif.diffusion.vae;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.motif.diffusion.Fixtures;
import io.motif.diffusion.TestModels;
import io.motif.diffusion.safetensors.SafetensorsFile;
import io.motif.diffusion.safetensors.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LegacyVaeNamesTest {

    @Test
    void oldAttentionNamesAndConvShapedWeightsLoadAsTheSameModel(@TempDir Path tmp) throws Exception {
        TestModels.copy(tmp, "vae");
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            SafetensorsWriter w = new SafetensorsWriter();
            try (SafetensorsFile st = SafetensorsFile.open(Fixtures.publicDir().resolve("vae/diffusion_pytorch_model.safetensors"))) {
                for (String n : st.names()) {
                    NDArray a = st.load(n, m);
                    String legacy = n.replace(".to_q.", ".query.").replace(".to_k.", ".key.").replace(".to_v.", ".value.")
                                     .replace(".to_out.0.", ".proj_attn.");
                    if (!legacy.equals(n) && n.endsWith(".weight")) {
                        a = a.reshape(a.getShape().get(0), a.getShape().get(1), 1, 1);
                    }
                    w.add(legacy, a);
                }
            }
            w.write(tmp.resolve("vae/diffusion_pytorch_model.safetensors"));
            try (SafetensorsFile io = SafetensorsFile.open(Fixtures.publicDir().resolve("io.safetensors"))) {
                AutoencoderKL legacy = AutoencoderKL.load(tmp.resolve("vae"), m);
                NDArray out = legacy.decode(io.load("vae.decode.latent", m));
                assertThat(out.sub(io.load("vae.decode.out", m)).abs().max().getFloat()).isLessThan(1e-4f);
            }
        }
    }
}
