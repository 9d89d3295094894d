package io.motif.shapes.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.motif.diffusion.delta.CustomDiffusionDelta;
import io.motif.diffusion.pipeline.GenerationRequest;
import io.motif.diffusion.pipeline.StableDiffusionModel;
import io.motif.diffusion.pipeline.StableDiffusionPipeline;
import io.motif.shapes.tiny.ImageTensors;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Generates images from a model folder, optionally with a Custom Diffusion delta applied, for the oracle to judge. */
public final class ModelSampler implements AutoCloseable {

    /** Sampling settings of every evaluation image: DDIM, the paper's guidance scale 6. */
    public record Settings(int steps, double guidance) {
        public static Settings defaults() {
            return new Settings(25, 6.0);
        }
    }

    private final StableDiffusionModel model;
    private final StableDiffusionPipeline pipeline;
    private final Settings settings;

    public ModelSampler(Path modelDir, Path deltaOrNull, Settings settings) throws IOException {
        this.model = StableDiffusionModel.load(modelDir);
        this.settings = settings;
        if (deltaOrNull != null) {
            try (CustomDiffusionDelta delta = CustomDiffusionDelta.read(deltaOrNull, model.manager())) {
                delta.applyTo(model);
            }
        }
        this.pipeline = new StableDiffusionPipeline(model);
    }

    /** {@code n} images for one prompt; image i uses seed {@code seed + i}, so results do not depend on batching. */
    public List<BufferedImage> images(String prompt, int n, long seed) {
        List<BufferedImage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try (NDManager m = model.manager().newSubManager()) {
                GenerationRequest req = GenerationRequest.of(prompt, seed + i).withSteps(settings.steps())
                        .withGuidance(settings.guidance());
                NDArray img = pipeline.generate(req, m); // [1, 3, H, W] in [0, 1]
                float[] chw = img.mul(2f).sub(1f).toFloatArray();
                out.add(ImageTensors.toImage(chw, 0, (int) img.getShape().get(3)));
            }
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
    }
}
