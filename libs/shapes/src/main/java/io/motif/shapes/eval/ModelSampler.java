package io.motif.shapes.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.motif.diffusion.delta.CustomDiffusionDelta;
import io.motif.diffusion.nn.Parameters;
import io.motif.diffusion.pipeline.GenerationRequest;
import io.motif.diffusion.pipeline.StableDiffusionModel;
import io.motif.diffusion.pipeline.StableDiffusionPipeline;
import io.motif.diffusion.safetensors.SafetensorsFile;
import io.motif.merge.CompressedDelta;
import io.motif.shapes.tiny.ImageTensors;
import io.motif.training.DeltaExport;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates images from a model folder, optionally with a delta applied, for the oracle to judge. A delta may be a
 * Custom Diffusion delta, a compressed one ({@link CompressedDelta}), a token-only one, or an all-UNet run's output
 * (token files plus {@link DeltaExport#FULL_UNET_FILE}).
 */
public final class ModelSampler implements AutoCloseable {

    /**
     * Sampling settings of every evaluation image: steps, guidance scale and sampler (ddim, ddpm or dpmpp2m, as
     * {@link GenerationRequest} names them). The defaults: DDIM, 25 steps, the paper's guidance scale 6.
     */
    public record Settings(int steps, double guidance, String sampler) {
        public static final String DEFAULT_SAMPLER = "ddim";

        public Settings(int steps, double guidance) {
            this(steps, guidance, DEFAULT_SAMPLER);
        }

        public static Settings defaults() {
            return new Settings(25, 6.0);
        }

        public Settings withSteps(int s) {
            return new Settings(s, guidance, sampler);
        }

        public Settings withGuidance(double g) {
            return new Settings(steps, g, sampler);
        }

        public Settings withSampler(String name) {
            return new Settings(steps, guidance, name);
        }
    }

    private final StableDiffusionModel model;
    private final StableDiffusionPipeline pipeline;
    private final Settings settings;

    public ModelSampler(Path modelDir, Path deltaOrNull, Settings settings) throws IOException {
        this.model = StableDiffusionModel.load(modelDir);
        this.settings = settings;
        try {
            if (deltaOrNull != null) {
                apply(modelDir, deltaOrNull);
            }
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        this.pipeline = new StableDiffusionPipeline(model);
    }

    private void apply(Path modelDir, Path delta) throws IOException {
        Path fullUnet = delta.resolve(DeltaExport.FULL_UNET_FILE);
        if (Files.isRegularFile(fullUnet)) {
            loadUnet(fullUnet);
        }
        try (CustomDiffusionDelta d = CompressedDelta.isCompressed(delta)
                ? CompressedDelta.load(delta, modelDir, model.manager())
                : CustomDiffusionDelta.read(delta, model.manager())) {
            d.applyTo(model);
        }
    }

    /** Replaces every UNet weight by the file's (an all-UNet fine-tuning). */
    private void loadUnet(Path file) throws IOException {
        Parameters p = model.unet().parameters();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            if (f.names().size() != p.view().size()) {
                throw new IOException(file + " holds " + f.names().size() + " tensors, the UNet has " + p.view().size());
            }
            for (String name : f.names()) {
                if (!p.has(name)) {
                    throw new IOException(file + ": " + name + " is not a weight of this UNet");
                }
                NDArray a = f.loadFloat32(name, p.manager()).toDevice(p.manager().getDevice(), false);
                if (!a.getShape().equals(p.get(name).getShape())) {
                    throw new IOException(name + ": " + a.getShape() + " in " + file + ", " + p.get(name).getShape()
                            + " in the model");
                }
                p.put(name, a);
            }
        }
    }

    /** {@code n} images for one prompt; image i uses seed {@code seed + i}, so results do not depend on batching. */
    public List<BufferedImage> images(String prompt, int n, long seed) {
        List<BufferedImage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try (NDManager m = model.manager().newSubManager()) {
                GenerationRequest req = GenerationRequest.of(prompt, seed + i).withSteps(settings.steps())
                        .withGuidance(settings.guidance()).withSampler(settings.sampler(), 0.0);
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
