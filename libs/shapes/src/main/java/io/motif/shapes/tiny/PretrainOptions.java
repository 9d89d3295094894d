package io.motif.shapes.tiny;

/**
 * Settings of a motif-tiny pretraining run. The learning rate warms up linearly for {@code warmupSteps}, then
 * follows a cosine down to a tenth of its peak at the last step.
 *
 * @param captionDropout fraction of captions replaced by the empty prompt, so the model also learns the
 *                       unconditional prediction that classifier-free guidance needs
 * @param snrGamma       min-SNR-γ loss weighting (see {@link #lossWeight}); 0 trains with the plain loss
 * @param shards         the batch is split into this many equal shards, each computed by its own model replica in
 *                       its own thread (one per core); the result depends on it only through float rounding
 * @param textWarmupSteps steps of the text encoder's caption read-out warm-up before the UNet trains (see
 *                       {@link TextEncoderWarmup}); 0 for none
 * @param grounding      the cross-attention grounding loss, if any
 * @param freezeTextEncoder keep the text encoder as the warm-up left it while the UNet trains, as Stable Diffusion
 *                       keeps its pretrained CLIP encoder frozen (needs {@code textWarmupSteps > 0}: a frozen
 *                       random encoder would name nothing)
 * @param timesteps      how each batch draws its timesteps
 */
public record PretrainOptions(int steps, int batchSize, double learningRate, int warmupSteps, double captionDropout,
                              double maxGradNorm, long seed, long worldSeed, int checkpointEvery, int logEvery,
                              double maxMinutes, double snrGamma, int shards, int textWarmupSteps,
                              GroundingOptions grounding, boolean freezeTextEncoder, TimestepSampling timesteps) {

    /** Settings with uniform timesteps. */
    public PretrainOptions(int steps, int batchSize, double learningRate, int warmupSteps, double captionDropout,
                           double maxGradNorm, long seed, long worldSeed, int checkpointEvery, int logEvery,
                           double maxMinutes, double snrGamma, int shards, int textWarmupSteps,
                           GroundingOptions grounding, boolean freezeTextEncoder) {
        this(steps, batchSize, learningRate, warmupSteps, captionDropout, maxGradNorm, seed, worldSeed,
                checkpointEvery, logEvery, maxMinutes, snrGamma, shards, textWarmupSteps, grounding, freezeTextEncoder,
                TimestepSampling.uniform());
    }

    /** Settings whose text encoder trains with the UNet, with uniform timesteps. */
    public PretrainOptions(int steps, int batchSize, double learningRate, int warmupSteps, double captionDropout,
                           double maxGradNorm, long seed, long worldSeed, int checkpointEvery, int logEvery,
                           double maxMinutes, double snrGamma, int shards, int textWarmupSteps,
                           GroundingOptions grounding) {
        this(steps, batchSize, learningRate, warmupSteps, captionDropout, maxGradNorm, seed, worldSeed,
                checkpointEvery, logEvery, maxMinutes, snrGamma, shards, textWarmupSteps, grounding, false);
    }

    /**
     * The recipe of the committed motif-tiny: 1,000 warm-up steps of the text encoder, which then stays frozen, and
     * the UNet trained 1,700 steps of 32 with the position words grounded and half of each batch's timesteps
     * below 400.
     */
    public static PretrainOptions defaults() {
        return new PretrainOptions(1700, 32, 1e-3, 100, 0.1, 1.0, 1234L, io.motif.shapes.world.ShapesWorld.DEFAULT_SEED,
                50, 50, 60.0, 5.0, 2, 1000, GroundingOptions.positionWords(), true,
                TimestepSampling.lowHalf());
    }

    public PretrainOptions {
        if (shards < 1 || batchSize % shards != 0) {
            throw new IllegalArgumentException("the batch (" + batchSize + ") must split into " + shards
                    + " equal shards");
        }
        if (grounding == null) {
            throw new IllegalArgumentException("grounding options are required (GroundingOptions.none() for none)");
        }
        if (timesteps == null) {
            throw new IllegalArgumentException("timestep sampling is required (TimestepSampling.uniform() for uniform)");
        }
        if (freezeTextEncoder && textWarmupSteps <= 0) {
            throw new IllegalArgumentException("a frozen text encoder needs a text warm-up first: it would stay at "
                    + "its random initial weights (with no warm-up, let it train with the UNet: "
                    + "--no-freeze-text-encoder)");
        }
    }

    /**
     * The loss weight of a sample whose output error weighs its x0 error by {@code x0ErrorWeight} (SNR for an
     * ε-prediction model, SNR + 1 for v-prediction, see {@link io.motif.diffusion.scheduler.NoiseSchedule#x0ErrorWeight}):
     * min(w, γ)/w. That caps the weight of the nearly clean steps, which dominate the plain loss and need no caption,
     * and leaves the noisy steps, where the caption decides what is drawn and where, at their own weight.
     */
    public double lossWeight(double x0ErrorWeight) {
        if (snrGamma <= 0) {
            return 1.0;
        }
        return Math.min(x0ErrorWeight, snrGamma) / x0ErrorWeight;
    }

    public double learningRateAt(int step) {
        if (step < warmupSteps) {
            return learningRate * (step + 1) / warmupSteps;
        }
        double progress = (double) (step - warmupSteps) / Math.max(1, steps - warmupSteps);
        return learningRate * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, progress))));
    }
}
