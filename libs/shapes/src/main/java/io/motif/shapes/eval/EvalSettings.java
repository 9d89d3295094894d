package io.motif.shapes.eval;

import io.motif.shapes.world.PersonalConcept;

import java.util.List;

/**
 * The size of an evaluation run. {@link #quick()} is what the test suite runs (a few minutes on a loaded 2-core
 * machine); {@link #full()} is the table in docs/results.md.
 */
public record EvalSettings(List<PersonalConcept> concepts, List<Method> methods, int basePrompts,
                           int conceptPrompts, int imagesPerPrompt, int instanceImages, int regularizationImages,
                           int trainSteps, double learningRate, int batchSize, ModelSampler.Settings sampling,
                           long seed) {

    public static EvalSettings full() {
        return new EvalSettings(List.of(PersonalConcept.values()), List.of(Method.values()), 24, 8, 2, 12, 64, 250,
                8e-5, 8, ModelSampler.Settings.defaults(), 2023L);
    }

    public static EvalSettings quick() {
        return new EvalSettings(List.of(PersonalConcept.STRIPED_STAR), List.of(Method.BASE, Method.CUSTOM_DIFFUSION),
                4, 2, 1, 6, 8, 3, 8e-5, 2, new ModelSampler.Settings(10, 6.0), 2023L);
    }

    public EvalSettings withTrainSteps(int steps) {
        return new EvalSettings(concepts, methods, basePrompts, conceptPrompts, imagesPerPrompt, instanceImages,
                regularizationImages, steps, learningRate, batchSize, sampling, seed);
    }

    public EvalSettings withLearningRate(double lr) {
        return new EvalSettings(concepts, methods, basePrompts, conceptPrompts, imagesPerPrompt, instanceImages,
                regularizationImages, trainSteps, lr, batchSize, sampling, seed);
    }

    public EvalSettings withBasePrompts(int n) {
        return new EvalSettings(concepts, methods, n, conceptPrompts, imagesPerPrompt, instanceImages,
                regularizationImages, trainSteps, learningRate, batchSize, sampling, seed);
    }

    public EvalSettings withMethods(List<Method> m) {
        return new EvalSettings(concepts, m, basePrompts, conceptPrompts, imagesPerPrompt, instanceImages,
                regularizationImages, trainSteps, learningRate, batchSize, sampling, seed);
    }
}
