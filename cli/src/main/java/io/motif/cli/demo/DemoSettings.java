package io.motif.cli.demo;

import java.time.Duration;

/**
 * What one demo run does and how long it may wait. {@link #defaults()} is what {@code ./motif demo} runs (sized to
 * finish within ten minutes on a 2-core machine, stack start-up included); {@link #tiny()} is the end-to-end test's.
 *
 * @param trainingSteps       training steps per concept
 * @param batchSize           training batch (instance images per step)
 * @param learningRate        training learning rate
 * @param instanceImages      images uploaded per concept
 * @param imageSize           side of the uploaded PNGs (the ingestion API refuses images under 64 px)
 * @param regularizationCount regularization images asked of the retrieval service per concept (their captions are
 *                            also the merge's regularization captions)
 * @param corpusSize          captioned images in the regularization corpus imported when none is indexed yet
 * @param promptsPerConcept   prompts sampled per concept (and with both concepts after the merge)
 * @param imagesPerPrompt     images per prompt
 * @param samplingSteps       denoising steps per image
 * @param guidanceScale       classifier-free guidance scale
 * @param seed                seed of images, training and sampling: the same settings give the same run
 * @param jobTimeout          how long one job may take before the demo gives up on it
 */
public record DemoSettings(int trainingSteps, int batchSize, double learningRate, int instanceImages, int imageSize,
                           int regularizationCount, int corpusSize, int promptsPerConcept, int imagesPerPrompt,
                           int samplingSteps, double guidanceScale, long seed, Duration jobTimeout) {

    public DemoSettings {
        if (trainingSteps < 1 || batchSize < 1 || instanceImages < 1 || promptsPerConcept < 1 || imagesPerPrompt < 1
                || samplingSteps < 1 || corpusSize < 1 || regularizationCount < 1) {
            throw new IllegalArgumentException("steps, counts and sizes must be positive");
        }
        if (imageSize < 64) {
            throw new IllegalArgumentException("instance images must be at least 64 px (ingestion refuses smaller)");
        }
    }

    public static final int DEFAULT_TRAINING_STEPS = 200;

    public static DemoSettings defaults() {
        return new DemoSettings(DEFAULT_TRAINING_STEPS, 4, 1e-4, 8, 64, 200, 1000, 2, 4, 25, 6.0, 42,
                Duration.ofMinutes(15));
    }

    /**
     * A few steps of everything: the services and the log are exercised, the images mean nothing. Regularization
     * stays large enough for the merge, whose captions come from the concepts' regularization sets: far fewer
     * distinct captions than text-feature dimensions make its Gram matrix singular.
     */
    public static DemoSettings tiny() {
        return new DemoSettings(3, 2, 1e-4, 3, 64, 100, 300, 1, 1, 3, 6.0, 7, Duration.ofMinutes(4));
    }

    public DemoSettings withTrainingSteps(int steps) {
        return new DemoSettings(steps, batchSize, learningRate, instanceImages, imageSize, regularizationCount,
                corpusSize, promptsPerConcept, imagesPerPrompt, samplingSteps, guidanceScale, seed, jobTimeout);
    }
}
