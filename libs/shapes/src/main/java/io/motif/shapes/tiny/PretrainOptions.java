package io.motif.shapes.tiny;

/**
 * Settings of a motif-tiny pretraining run. The learning rate warms up linearly for {@code warmupSteps}, then
 * follows a cosine down to a tenth of its peak at the last step.
 *
 * @param captionDropout fraction of captions replaced by the empty prompt, so the model also learns the
 *                       unconditional prediction that classifier-free guidance needs
 */
public record PretrainOptions(int steps, int batchSize, double learningRate, int warmupSteps, double captionDropout,
                              double maxGradNorm, long seed, long worldSeed, int checkpointEvery, int logEvery,
                              double maxMinutes) {

    public static PretrainOptions defaults() {
        return new PretrainOptions(3500, 8, 5e-4, 50, 0.1, 1.0, 1234L, io.motif.shapes.world.ShapesWorld.DEFAULT_SEED,
                50, 50, 58.0);
    }

    public double learningRateAt(int step) {
        if (step < warmupSteps) {
            return learningRate * (step + 1) / warmupSteps;
        }
        double progress = (double) (step - warmupSteps) / Math.max(1, steps - warmupSteps);
        return learningRate * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, progress))));
    }
}
