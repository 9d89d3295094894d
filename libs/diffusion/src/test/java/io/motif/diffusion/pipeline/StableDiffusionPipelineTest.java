package io.motif.diffusion.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.motif.diffusion.Fixtures;
import io.motif.diffusion.TestModels;
import io.motif.diffusion.tokenizer.WordLevelTokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class StableDiffusionPipelineTest {

    private static StableDiffusionModel model;
    private static NDManager m;

    @BeforeAll
    static void load() throws Exception {
        model = StableDiffusionModel.load(Fixtures.publicDir(), Device.cpu());
        model.setTokenizer(new WordLevelTokenizer(TestModels.toyVocab(), 998, 999, 999, 1000, 77));
        m = NDManager.newBaseManager(Device.cpu());
    }

    @AfterAll
    static void close() {
        m.close();
        model.close();
    }

    private static float[] gen(GenerationRequest r) {
        return new StableDiffusionPipeline(model).generate(r, m).toFloatArray();
    }

    @Test
    void seedsAreReproducibleAndPromptsMatter() {
        GenerationRequest base = GenerationRequest.of("photo of a cat", 7).withSteps(3);
        NDArray img = new StableDiffusionPipeline(model).generate(base, m);
        assertThat(img.getShape()).isEqualTo(new Shape(1, 3, 64, 64));
        assertThat(img.min().getFloat()).isGreaterThanOrEqualTo(0f);
        assertThat(img.max().getFloat()).isLessThanOrEqualTo(1f);
        float[] a = img.toFloatArray();
        assertThat(gen(base)).containsExactly(a);
        assertThat(gen(GenerationRequest.of("photo of a cat", 8).withSteps(3))).isNotEqualTo(a);
        assertThat(gen(base.withNegativePrompt("blue"))).isNotEqualTo(a);
        assertThat(gen(GenerationRequest.of("photo of a dog", 7).withSteps(3))).isNotEqualTo(a);
    }

    @Test
    void everySamplerProducesFiniteImagesForSeveralImages() {
        for (String s : new String[] {"ddim", "ddpm", "dpmpp2m"}) {
            NDArray img = new StableDiffusionPipeline(model).generate(
                    GenerationRequest.of("a red tree", 3).withSteps(4).withSampler(s, 1.0).withImages(2), m);
            assertThat(img.getShape()).as(s).isEqualTo(new Shape(2, 3, 64, 64));
            assertThat(img.isNaN().any().getBoolean()).as(s).isFalse();
        }
    }

    @Test
    void pixelSpaceModelWithoutVaeReturnsTheSamples(@TempDir Path tmp) throws Exception {
        TestModels.copy(tmp, "unet", "text_encoder", "scheduler");
        try (StableDiffusionModel pixel = StableDiffusionModel.load(tmp, Device.cpu())) {
            assertThat(pixel.vae()).isNull();
            pixel.setTokenizer(new WordLevelTokenizer(TestModels.toyVocab(), 998, 999, 999, 1000, 77));
            NDArray img = new StableDiffusionPipeline(pixel).generate(GenerationRequest.of("a cat", 1).withSteps(2), m);
            assertThat(img.getShape()).isEqualTo(new Shape(1, 4, 32, 32));
        }
    }
}
