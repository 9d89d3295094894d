package io.motif.diffusion.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.motif.diffusion.Fixtures;
import io.motif.diffusion.TestModels;
import io.motif.diffusion.safetensors.SafetensorsFile;
import io.motif.diffusion.tokenizer.WordLevelTokenizer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memory discipline: repeated model calls and sampling runs leave no native arrays behind in the model's manager
 * or the caller's (the resident-memory view of the same is a line of {@code ./motif bench core}).
 */
class NativeMemoryTest {

    private static int arrays(NDManager m) {
        return ((BaseNDManager) m).getManagedArrays().size();
    }

    @Test
    void forwardsOutsideAnyScopeLeaveNothingInTheModelsManager() throws Exception {
        try (StableDiffusionModel model = StableDiffusionModel.load(Fixtures.publicDir(), Device.cpu());
             NDManager m = NDManager.newBaseManager(Device.cpu());
             SafetensorsFile io = SafetensorsFile.open(Fixtures.publicDir().resolve("io.safetensors"))) {
            int before = arrays(model.manager());
            for (int i = 0; i < 3; i++) {
                try (NDManager call = m.newSubManager()) {
                    model.unet().forward(io.load("unet.sample", call), io.load("unet.timestep", call), io.load("unet.encoder_hidden_states", call));
                    model.textEncoder().forward(io.load("text.input_ids", call), true);
                    model.vae().decode(io.load("vae.decode.latent", call));
                    model.vae().encode(io.load("vae.encode.image", call));
                }
            }
            assertThat(arrays(model.manager())).isEqualTo(before);
        }
    }

    @Test
    void repeatedSamplingRunsKeepTheArrayCountFlat() throws Exception {
        try (StableDiffusionModel model = StableDiffusionModel.load(Fixtures.publicDir(), Device.cpu());
             NDManager out = NDManager.newBaseManager(Device.cpu())) {
            model.setTokenizer(new WordLevelTokenizer(TestModels.toyVocab(), 998, 999, 999, 1000, 77));
            StableDiffusionPipeline pipe = new StableDiffusionPipeline(model);
            for (String sampler : new String[] {"ddim", "dpmpp2m"}) {
                pipe.generate(GenerationRequest.of("a cat", 1).withSteps(2).withSampler(sampler, 0), out).close();
                int modelArrays = arrays(model.manager());
                int outArrays = arrays(out);
                for (int i = 0; i < 10; i++) {
                    NDArray img = pipe.generate(GenerationRequest.of("a cat", i).withSteps(2).withSampler(sampler, 0), out);
                    img.close();
                }
                assertThat(arrays(model.manager())).as(sampler).isEqualTo(modelArrays);
                assertThat(arrays(out)).as(sampler).isEqualTo(outArrays);
            }
        }
    }
}
