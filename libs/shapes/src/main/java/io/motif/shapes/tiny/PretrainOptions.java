package io.motif.shapes.tiny;

/**
 * Settings of a motif-tiny pretraining run. The learning rate warms up linearly for {@code warmupSteps}, then
 * follows a cosine down to a tenth of its peak at the last step.
 *
 * @param captionDropout fraction of captions replaced by the empty prompt, so the model also learns the
 *                       unconditional prediction that classifier-free guidance needs
 * @param snrGamma       min-SNR-γ loss weighting (each sample's ε-loss times min(SNR, γ)/SNR); 0 trains with the
 *                       plain ε-loss
 * @param shards         the batch is split into this many equal shards, each computed by its own model replica in
 *                       its own thread (one per core); the result depends on it only through float rounding
 */
public record PretrainOptions(int steps, int batchSize, double learningRate, int warmupSteps, double captionDropout,
                              double maxGradNorm, long seed, long worldSeed, int checkpointEvery, int logEvery,
                              double maxMinutes, double snrGamma, int shards) {

    public static PretrainOptions defaults() {
        return new PretrainOptions(1700, 32, 1e-3, 100, 0.1, 1.0, 1234L, io.motif.shapes.world.ShapesWorld.DEFAULT_SEED,
                50, 50, 58.0, 5.0, 2);
    }

    public PretrainOptions {
        if (shards < 1 || batchSize % shards != 0) {
            throw new IllegalArgumentException("the batch (" + batchSize + ") must split into " + shards
                    + " equal shards");
        }
    }

    /**
     * The loss weight of a sample noised to step {@code t}. With ε-prediction the plain loss is dominated by the
     * nearly clean steps, where the caption barely matters; min-SNR-γ caps their weight so that the noisy steps,
     * where the caption decides what is drawn, get their share of the gradient.
     */
    public double lossWeight(double alphaCumprod) {
        if (snrGamma <= 0) {
            return 1.0;
        }
        double snr = alphaCumprod / (1.0 - alphaCumprod);
        return Math.min(snr, snrGamma) / snr;
    }

    public double learningRateAt(int step) {
        if (step < warmupSteps) {
            return learningRate * (step + 1) / warmupSteps;
        }
        double progress = (double) (step - warmupSteps) / Math.max(1, steps - warmupSteps);
        return learningRate * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, progress))));
    }
}
