package io.motif.shapes.eval;

import io.motif.shapes.oracle.AttributeScores;
import io.motif.shapes.oracle.ConceptFeatures;
import io.motif.shapes.oracle.Oracle;
import io.motif.shapes.world.EvalPrompts;
import io.motif.shapes.world.PersonalConcept;
import io.motif.shapes.world.Prompt;
import io.motif.training.ConceptSpec;
import io.motif.training.TokenInit;
import io.motif.training.TrainOptions;
import io.motif.training.TrainingRequest;
import io.motif.training.TrainingResult;
import io.motif.training.TrainingRun;
import io.motif.training.data.DataOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs the single-concept table: for every concept and method, train (unless it is the base model), generate the
 * concept prompts and the base-world prompts with fixed seeds, and let the oracle score them.
 */
public final class EvalRunner {

    static final String TOKEN = "<new1>";
    private static final String[] STATED = {AttributeScores.SHAPE, AttributeScores.COLOUR, AttributeScores.SIZE,
            AttributeScores.POSITION};

    private final Path modelDir;
    private final EvalSettings settings;
    private final Path work;
    private final Consumer<String> log;

    public EvalRunner(Path modelDir, EvalSettings settings, Path work, Consumer<String> log) {
        this.modelDir = modelDir;
        this.settings = settings;
        this.work = work;
        this.log = log;
    }

    /** The base model's own per-attribute accuracy on base-world prompts (the model card's numbers). */
    public Map<String, Double> baseWorldAccuracy() throws IOException {
        try (ModelSampler base = new ModelSampler(modelDir, null, settings.sampling())) {
            return baseWorld(base).asMap();
        }
    }

    public List<EvalRow> run() throws IOException {
        List<EvalRow> rows = new ArrayList<>();
        int resolution;
        try (ModelSampler probe = new ModelSampler(modelDir, null, settings.sampling())) {
            resolution = probe.images("", 1, 0).get(0).getWidth();
        }
        for (PersonalConcept c : settings.concepts()) {
            ConceptFeatures ref = ConceptData.reference(c, settings.instanceImages(), resolution);
            Oracle oracle = new Oracle(Map.of(c.id(), ref));
            List<Prompt> prompts = EvalPrompts.concept(c, TOKEN, settings.conceptPrompts(), settings.seed());
            for (Method m : settings.methods()) {
                log.accept("concept " + c.id() + ", " + m.label());
                Path delta = null;
                double seconds = 0;
                if (m.trained() != null) {
                    TrainingResult r = train(c, m, resolution);
                    delta = r.deltaDir();
                    seconds = r.seconds();
                }
                try (ModelSampler sampler = new ModelSampler(modelDir, delta, settings.sampling())) {
                    AttributeScores concept = PromptScorer.score(sampler, oracle, prompts, settings.imagesPerPrompt(),
                            settings.seed());
                    AttributeScores world = baseWorld(sampler);
                    rows.add(new EvalRow(c.id(), m, pooled(concept), concept.meanConceptSimilarity(), world.asMap(),
                            seconds, delta == null ? 0 : sizeOf(delta)));
                    log.accept("  " + rows.get(rows.size() - 1));
                }
            }
        }
        return rows;
    }

    private AttributeScores baseWorld(ModelSampler sampler) {
        List<Prompt> prompts = EvalPrompts.baseWorld(settings.basePrompts(), settings.seed());
        return PromptScorer.score(sampler, new Oracle(), prompts, settings.imagesPerPrompt(), settings.seed());
    }

    private TrainingResult train(PersonalConcept c, Method m, int resolution) throws IOException {
        Path dir = work.resolve(c.id()).resolve(m.name().toLowerCase());
        Path instances = ConceptData.writeInstances(c, settings.instanceImages(), dir.resolve("instances"), resolution);
        Path reg = m.regularization() == Method.Regularization.RETRIEVED
                ? ConceptData.writeRetrievedRegularization(c, settings.regularizationImages(), dir.resolve("reg"), resolution)
                : null;
        int generated = m.regularization() == Method.Regularization.GENERATED ? settings.regularizationImages() : 0;
        String word = c.category().word();
        ConceptSpec spec = new ConceptSpec(TOKEN, instances, ConceptSpec.objectPrompt(TOKEN, word), word,
                "photo of a " + word, reg);
        TrainOptions options = TrainOptions.defaults(1, DataOptions.diffusersDefaults(resolution, resolution))
                .withSteps(settings.trainSteps()).withBatch(settings.batchSize(), settings.batchSize())
                .withTrained(m.trained()).withLearningRate(settings.learningRate()).withSeed(settings.seed())
                .withCheckpointEvery(0);
        TrainingRequest req = new TrainingRequest(modelDir, List.of(spec), TokenInit.rareTokens(), options,
                dir.resolve("delta"), dir.resolve("checkpoints"), null, generated, null);
        return TrainingRun.run(req, p -> { }, () -> false);
    }

    /** Fraction right over every stated attribute (shape, colour, size, position) together. */
    static double pooled(AttributeScores s) {
        double right = 0;
        int total = 0;
        for (String a : STATED) {
            int n = s.total(a);
            if (n > 0) {
                right += s.accuracy(a) * n;
                total += n;
            }
        }
        return total == 0 ? Double.NaN : right / total;
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
