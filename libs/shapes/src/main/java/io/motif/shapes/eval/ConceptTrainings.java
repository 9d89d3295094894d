package io.motif.shapes.eval;

import io.motif.shapes.world.PersonalConcept;
import io.motif.training.CaptionConventions;
import io.motif.training.ConceptSpec;
import io.motif.training.TokenInit;
import io.motif.training.TokenTraining;
import io.motif.training.TrainOptions;
import io.motif.training.TrainedWeights;
import io.motif.training.TrainingRequest;
import io.motif.training.TrainingResult;
import io.motif.training.TrainingRun;
import io.motif.training.data.DataOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every training run of an evaluation, each made once: the multi-concept and compression rows reuse the
 * single-concept Custom Diffusion deltas instead of training them again.
 */
final class ConceptTrainings {

    static final String FIRST_TOKEN = "<new1>";
    static final String SECOND_TOKEN = "<new2>";

    private final Path modelDir;
    private final EvalSettings settings;
    private final Path work;
    private final int resolution;
    private final Consumer<String> log;
    /** The base model's caption style, also for a run on a model folder derived from it (sequential training). */
    private final CaptionConventions captions;
    private final TokenTraining tokenTraining;
    private final Map<String, TrainingResult> done = new HashMap<>();

    ConceptTrainings(Path modelDir, EvalSettings settings, Path work, int resolution, Consumer<String> log)
            throws IOException {
        this.modelDir = modelDir;
        this.settings = settings;
        this.work = work;
        this.resolution = resolution;
        this.log = log;
        this.captions = CaptionConventions.of(modelDir);
        this.tokenTraining = TokenTraining.of(modelDir);
    }

    /** One concept with token {@value #FIRST_TOKEN}, trained by a single-concept method. */
    TrainingResult single(PersonalConcept c, Method m) throws IOException {
        String key = c.id() + "/" + m.name().toLowerCase();
        if (!done.containsKey(key)) {
            Path dir = work.resolve(c.id()).resolve(m.name().toLowerCase());
            Path reg = m.regularization() == Method.Regularization.RETRIEVED ? retrieved(c) : null;
            int generated = m.regularization() == Method.Regularization.GENERATED ? settings.regularizationImages() : 0;
            // an embedding row alone barely moves at the K/V learning rate; textual inversion uses its own
            double lr = m.trained() == TrainedWeights.TOKEN_ONLY ? settings.tokenLearningRate() : settings.learningRate();
            TokenTraining token = m.tokenFollowsModel() ? tokenTraining : TokenTraining.reference();
            done.put(key, train(modelDir, List.of(spec(c, FIRST_TOKEN, reg)), m.trained(), token, generated, lr,
                    settings.trainSteps(), dir, key));
        }
        return done.get(key);
    }

    /** Both concepts of a pair in one Custom Diffusion run, twice the single-concept steps (the reference's 500). */
    TrainingResult joint(ConceptPair p) throws IOException {
        Path dir = work.resolve(p.id()).resolve("joint");
        return train(modelDir, List.of(spec(p.first(), FIRST_TOKEN, retrieved(p.first())),
                        spec(p.second(), SECOND_TOKEN, retrieved(p.second()))), TrainedWeights.CROSSATTN_KV,
                tokenTraining, 0,
                settings.learningRate(), 2 * settings.trainSteps(), dir, p.id() + "/joint");
    }

    /** The pair's second concept ({@value #SECOND_TOKEN}) trained with Custom Diffusion on another model folder. */
    TrainingResult secondOn(ConceptPair p, Path model) throws IOException {
        Path dir = work.resolve(p.id()).resolve("sequential-second");
        return train(model, List.of(spec(p.second(), SECOND_TOKEN, retrieved(p.second()))),
                TrainedWeights.CROSSATTN_KV, tokenTraining, 0, settings.learningRate(), settings.trainSteps(), dir,
                p.id() + "/sequential-second");
    }

    private TrainingResult train(Path model, List<ConceptSpec> specs, TrainedWeights trained, TokenTraining token,
                                 int generated, double lr, int steps, Path dir, String what) throws IOException {
        log.accept("  training " + what + " (" + steps + " steps)");
        DataOptions data = captions.applyTo(DataOptions.diffusersDefaults(resolution, resolution));
        TrainOptions options = TrainOptions.defaults(specs.size(), data)
                .withSteps(steps).withBatch(settings.batchSize(), settings.batchSize()).withTrained(trained)
                .withLearningRate(lr).withSeed(settings.seed()).withCheckpointEvery(0).withTokenTraining(token);
        TrainingRequest req = new TrainingRequest(model, specs, TokenInit.rareTokens(), options, dir.resolve("delta"),
                dir.resolve("checkpoints"), null, generated, null);
        TrainingResult r = TrainingRun.run(req, p -> { }, () -> false);
        log.accept(String.format(java.util.Locale.ROOT, "  trained %s in %.1f s, loss %.4f -> %.4f", what,
                r.seconds(), r.lossCurve().get(0), r.lossCurve().get(r.lossCurve().size() - 1)));
        return r;
    }

    /** The concept's captions in the model's own style ("a &lt;new1&gt; star" for motif-tiny). */
    private ConceptSpec spec(PersonalConcept c, String token, Path reg) throws IOException {
        String word = c.category().word();
        return new ConceptSpec(token, instances(c), captions.instancePrompt(token, word), word,
                captions.classPrompt(word), reg);
    }

    private Path instances(PersonalConcept c) throws IOException {
        Path dir = work.resolve("data").resolve(c.id()).resolve("instances");
        if (!Files.isDirectory(dir)) {
            ConceptData.writeInstances(c, settings.instanceImages(), dir, resolution);
        }
        return dir;
    }

    private Path retrieved(PersonalConcept c) throws IOException {
        Path dir = work.resolve("data").resolve(c.id()).resolve("reg");
        if (!Files.isDirectory(dir)) {
            ConceptData.writeRetrievedRegularization(c, settings.regularizationImages(), dir, resolution);
        }
        return dir;
    }
}
