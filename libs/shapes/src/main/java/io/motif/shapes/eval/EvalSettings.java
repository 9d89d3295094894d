package io.motif.shapes.eval;

import io.motif.shapes.world.PersonalConcept;

import java.util.List;

/**
 * The size of an evaluation run. {@link #quick()} is what the test suite runs (a few minutes on a loaded 2-core
 * machine); {@link #full()} is the table in docs/results.md. Change one field with {@link #with}.
 *
 * @param concepts             the single-concept (and compression) rows' concepts
 * @param methods              single-concept methods ({@link Method#BASE} adds the base model's rows)
 * @param pairs                concept pairs of the multi-concept rows (none: no multi-concept table)
 * @param multiMethods         how the pairs are trained
 * @param compressions         compressed variants of each concept's Custom Diffusion delta (none: no table)
 * @param basePrompts          base-world prompts (forgetting)
 * @param conceptPrompts       prompts per concept
 * @param pairPrompts          prompts with both concepts of a pair
 * @param imagesPerPrompt      images (seeds) per prompt
 * @param instanceImages       instance images per concept
 * @param regularizationImages class images per concept (retrieved or generated)
 * @param trainSteps           optimizer steps of a single-concept run (joint runs take twice as many)
 * @param learningRate         learning rate of every run that trains UNet weights
 * @param tokenLearningRate    learning rate of the token-only runs (textual inversion's 5e-3: an embedding row
 *                             alone moves far too little at the K/V rate)
 * @param batchSize            rows per step (instance and class rows together)
 */
public record EvalSettings(List<PersonalConcept> concepts, List<Method> methods, List<ConceptPair> pairs,
                           List<MultiMethod> multiMethods, List<Compression> compressions, int basePrompts,
                           int conceptPrompts, int pairPrompts, int imagesPerPrompt, int instanceImages,
                           int regularizationImages, int trainSteps, double learningRate, double tokenLearningRate,
                           int batchSize, ModelSampler.Settings sampling, long seed) {

    public EvalSettings {
        concepts = List.copyOf(concepts);
        methods = List.copyOf(methods);
        pairs = List.copyOf(pairs);
        multiMethods = List.copyOf(multiMethods);
        compressions = List.copyOf(compressions);
    }

    public static EvalSettings full() {
        return new EvalSettings(List.of(PersonalConcept.values()), List.of(Method.values()),
                List.of(new ConceptPair(PersonalConcept.STRIPED_STAR, PersonalConcept.DOTTED_HEART),
                        new ConceptPair(PersonalConcept.FRAMED_SQUARE, PersonalConcept.BULLSEYE_CIRCLE)),
                List.of(MultiMethod.values()), List.of(Compression.values()), 24, 8, 6, 2, 12, 64, 250, 8e-5, 5e-3, 8,
                ModelSampler.Settings.defaults(), 2023L);
    }

    /** Every table with the fewest images and steps that still run each code path (the test suite's run). */
    public static EvalSettings quick() {
        return new EvalSettings(List.of(PersonalConcept.STRIPED_STAR),
                List.of(Method.BASE, Method.CUSTOM_DIFFUSION, Method.TOKEN_ONLY),
                List.of(new ConceptPair(PersonalConcept.STRIPED_STAR, PersonalConcept.DOTTED_HEART)),
                List.of(MultiMethod.values()), List.of(Compression.RANK_60, Compression.FP16), 2, 2, 1, 1, 6, 8, 2,
                8e-5, 5e-3, 2, new ModelSampler.Settings(4, 6.0), 2023L);
    }

    /** A copy with the fields the editor sets changed. */
    public EvalSettings with(java.util.function.Consumer<Builder> edit) {
        Builder b = new Builder(this);
        edit.accept(b);
        return b.build();
    }

    /** The mutable twin of the record, for {@link #with}. */
    public static final class Builder {
        public List<PersonalConcept> concepts;
        public List<Method> methods;
        public List<ConceptPair> pairs;
        public List<MultiMethod> multiMethods;
        public List<Compression> compressions;
        public int basePrompts;
        public int conceptPrompts;
        public int pairPrompts;
        public int imagesPerPrompt;
        public int instanceImages;
        public int regularizationImages;
        public int trainSteps;
        public double learningRate;
        public double tokenLearningRate;
        public int batchSize;
        public ModelSampler.Settings sampling;
        public long seed;

        Builder(EvalSettings s) {
            concepts = s.concepts;
            methods = s.methods;
            pairs = s.pairs;
            multiMethods = s.multiMethods;
            compressions = s.compressions;
            basePrompts = s.basePrompts;
            conceptPrompts = s.conceptPrompts;
            pairPrompts = s.pairPrompts;
            imagesPerPrompt = s.imagesPerPrompt;
            instanceImages = s.instanceImages;
            regularizationImages = s.regularizationImages;
            trainSteps = s.trainSteps;
            learningRate = s.learningRate;
            tokenLearningRate = s.tokenLearningRate;
            batchSize = s.batchSize;
            sampling = s.sampling;
            seed = s.seed;
        }

        EvalSettings build() {
            return new EvalSettings(concepts, methods, pairs, multiMethods, compressions, basePrompts, conceptPrompts,
                    pairPrompts, imagesPerPrompt, instanceImages, regularizationImages, trainSteps, learningRate,
                    tokenLearningRate, batchSize, sampling, seed);
        }
    }
}
