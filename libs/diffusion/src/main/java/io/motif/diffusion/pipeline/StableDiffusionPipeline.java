package io.motif.diffusion.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.motif.diffusion.nn.Ops;
import io.motif.diffusion.scheduler.GaussianNoise;
import io.motif.diffusion.scheduler.Sampler;
import io.motif.diffusion.tokenizer.Tokenizer;
import io.motif.diffusion.unet.UNet2DConditionModel;

/**
 * Text-to-image sampling: encode prompt and negative prompt, denoise seeded latents with classifier-free
 * guidance (UNet batch [uncond, cond], ε = ε_u + s·(ε_c − ε_u)), decode with the VAE (latents / scaling factor) or
 * take the samples directly for a pixel-space model, and map to [0, 1]. Each denoising step runs in its own
 * NDScope so memory stays flat however many steps and runs.
 */
public final class StableDiffusionPipeline {

    /** Receives the latents after each step (for traces and progress); arrays are only valid during the call. */
    public interface StepListener {
        void onStep(int index, int timestep, NDArray latents);
    }

    private final StableDiffusionModel model;

    public StableDiffusionPipeline(StableDiffusionModel model) {
        this.model = model;
    }

    /** Token ids (B, L) of prompts, with the model's tokenizer. */
    public NDArray tokenize(NDManager manager, String... prompts) {
        Tokenizer tok = model.tokenizer();
        if (tok == null) {
            throw new IllegalStateException(model.root() + " has no tokenizer/; supply token ids instead");
        }
        long[][] ids = new long[prompts.length][];
        for (int i = 0; i < prompts.length; i++) {
            ids[i] = tok.encode(prompts[i]);
        }
        return manager.create(ids).toDevice(model.manager().getDevice(), false);
    }

    /** The text encoder's last hidden state for token ids. */
    public NDArray encode(NDArray inputIds) {
        return model.textEncoder().forward(inputIds).lastHiddenState();
    }

    /** Generates images (N, C, H, W) in [0, 1], attached to {@code out}. */
    public NDArray generate(GenerationRequest req, NDManager out) {
        try (NDManager work = out.newSubManager(model.manager().getDevice())) {
            String[] prompts = new String[req.images()];
            String[] negatives = new String[req.images()];
            java.util.Arrays.fill(prompts, req.prompt());
            java.util.Arrays.fill(negatives, req.negativePrompt() == null ? "" : req.negativePrompt());
            NDArray cond = encode(tokenize(work, prompts));
            NDArray uncond = req.guidanceScale() > 1 ? encode(tokenize(work, negatives)) : null;
            UNet2DConditionModel unet = model.unet();
            int factor = model.vae() == null ? 1 : model.vae().config().downsampleFactor();
            int native_ = unet.config().sampleSize() * factor;
            int h = (req.height() > 0 ? req.height() : native_) / factor;
            int w = (req.width() > 0 ? req.width() : native_) / factor;
            Sampler sampler = Sampler.create(req.sampler(), model.schedule(), req.steps(), req.eta());
            GaussianNoise noise = new GaussianNoise(req.seed());
            NDArray latents = noise.next(work, new Shape(req.images(), unet.config().inChannels(), h, w), work.getDevice())
                                   .mul(sampler.initNoiseSigma());
            NDArray result = denoise(latents, cond, uncond, (float) req.guidanceScale(), sampler, noise, null);
            NDArray image = toImage(result);
            image.attach(out);
            return image;
        }
    }

    /**
     * The denoising loop. {@code uncond} null means no guidance. Returns the final latents (attached to the
     * latents' manager).
     */
    public NDArray denoise(NDArray latents, NDArray cond, NDArray uncond, float guidance, Sampler sampler,
                           GaussianNoise noise, StepListener listener) {
        int[] ts = sampler.timesteps();
        NDManager owner = latents.getManager();
        NDArray context = uncond == null ? cond : Ops.cat(0, uncond, cond);
        NDArray x = latents;
        for (int i = 0; i < ts.length; i++) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray in = sampler.scaleModelInput(x, i);
                NDArray modelIn = uncond == null ? in : Ops.cat(0, in, in);
                NDArray t = owner.create(new long[] {ts[i]}).toDevice(x.getDevice(), false);
                NDArray eps = model.unet().forward(modelIn, t, context);
                NDArray guided;
                if (uncond == null) {
                    guided = eps;
                } else {
                    NDList parts = eps.split(2, 0);
                    guided = parts.get(0).add(parts.get(1).sub(parts.get(0)).mul(guidance));
                }
                NDArray next = sampler.step(guided, i, x, noise);
                if (listener != null) {
                    listener.onStep(i, ts[i], next);
                }
                NDScope.unregister(next);
                next.attach(owner);
                if (x != latents) {
                    x.close();
                }
                x = next;
            }
        }
        return x;
    }

    /** Latents → image in [0, 1]: VAE decode of latents / scaling factor, or the sample itself without a VAE. */
    public NDArray toImage(NDArray latents) {
        NDArray raw = decodeRaw(latents);
        return raw.div(2).add(0.5f).clip(0f, 1f);
    }

    /** Latents → image in [-1, 1] (not clamped). */
    public NDArray decodeRaw(NDArray latents) {
        if (model.vae() == null) {
            return latents.toType(DataType.FLOAT32, false);
        }
        return model.vae().decode(latents.div((float) model.vae().config().scalingFactor()));
    }
}
