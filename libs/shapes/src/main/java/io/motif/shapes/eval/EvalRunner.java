package io.motif.shapes.eval;

import io.motif.files.Folders;
import io.motif.merge.DeltaCompression;
import io.motif.merge.DeltaMerge;
import io.motif.merge.MergeManifest;
import io.motif.merge.MergeOptions;
import io.motif.merge.RankRule;
import io.motif.merge.RegularizationCaptions;
import io.motif.merge.TargetPrompts;
import io.motif.shapes.oracle.AttributeScores;
import io.motif.shapes.oracle.ConceptFeatures;
import io.motif.shapes.oracle.Oracle;
import io.motif.shapes.world.EvalPrompts;
import io.motif.shapes.world.PersonalConcept;
import io.motif.shapes.world.Prompt;
import io.motif.training.TrainingResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.motif.shapes.eval.ConceptTrainings.FIRST_TOKEN;
import static io.motif.shapes.eval.ConceptTrainings.SECOND_TOKEN;

/**
 * Runs the paper's tables in miniature: for every concept (or pair) and method, train (unless it is the base
 * model), generate the concept prompts and the base-world prompts with fixed seeds, and let the oracle score them.
 * Tables: single concept ({@link Method}), multi concept ({@link MultiMethod}), compression ({@link Compression}).
 */
public final class EvalRunner {

    /** Marks a work folder as this runner's scratch space, so a rerun may empty it. */
    private static final String WORK_MARKER = ".motif-eval-work";

    private final Path modelDir;
    private final EvalSettings settings;
    private final Path work;
    private final Consumer<String> log;
    private AttributeScores baseModelWorld;

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
        freshWork();
        int resolution;
        try (ModelSampler probe = new ModelSampler(modelDir, null, settings.sampling())) {
            resolution = probe.images("", 1, 0).get(0).getWidth();
        }
        ConceptTrainings trainings = new ConceptTrainings(modelDir, settings, work, resolution, log);
        List<EvalRow> rows = new ArrayList<>();
        for (PersonalConcept c : settings.concepts()) {
            rows.addAll(singleConcept(c, trainings, resolution));
        }
        for (ConceptPair p : settings.pairs()) {
            rows.addAll(multiConcept(p, trainings, resolution));
        }
        if (!settings.compressions().isEmpty()) {
            for (PersonalConcept c : settings.concepts()) {
                rows.addAll(compressed(c, trainings, resolution));
            }
        }
        return rows;
    }

    private List<EvalRow> singleConcept(PersonalConcept c, ConceptTrainings trainings, int resolution)
            throws IOException {
        Oracle oracle = new Oracle(Map.of(c.id(), reference(c, resolution)));
        List<Prompt> prompts = EvalPrompts.concept(c, FIRST_TOKEN, settings.conceptPrompts(), settings.seed());
        List<EvalRow> rows = new ArrayList<>();
        for (Method m : settings.methods()) {
            log.accept("single concept " + c.id() + ": " + m.label());
            TrainingResult r = m == Method.BASE ? null : trainings.single(c, m);
            rows.add(score(EvalRow.SINGLE, c.id(), m.name(), m.label(), r == null ? null : r.deltaDir(), oracle,
                    prompts, List.of(), r == null ? 0 : r.seconds()));
        }
        return rows;
    }

    private List<EvalRow> multiConcept(ConceptPair p, ConceptTrainings trainings, int resolution) throws IOException {
        Oracle oracle = new Oracle(Map.of(p.first().id(), reference(p.first(), resolution), p.second().id(),
                reference(p.second(), resolution)));
        List<Prompt> each = new ArrayList<>(EvalPrompts.concept(p.first(), FIRST_TOKEN, settings.conceptPrompts(),
                settings.seed()));
        each.addAll(EvalPrompts.concept(p.second(), SECOND_TOKEN, settings.conceptPrompts(), settings.seed()));
        List<Prompt> both = EvalPrompts.pair(p.first(), FIRST_TOKEN, p.second(), SECOND_TOKEN, settings.pairPrompts(),
                settings.seed());
        List<EvalRow> rows = new ArrayList<>();
        log.accept("multi concept " + p.id() + ": base model");
        rows.add(score(EvalRow.MULTI, p.id(), EvalRow.BASE, Method.BASE.label(), null, oracle, each, both, 0));
        for (MultiMethod m : settings.multiMethods()) {
            log.accept("multi concept " + p.id() + ": " + m.label());
            Path dir = work.resolve(p.id()).resolve(m.name().toLowerCase());
            Path delta;
            double seconds;
            switch (m) {
                case JOINT -> {
                    TrainingResult r = trainings.joint(p);
                    delta = r.deltaDir();
                    seconds = r.seconds();
                }
                case MERGE -> {
                    TrainingResult a = trainings.single(p.first(), Method.CUSTOM_DIFFUSION);
                    TrainingResult b = trainings.single(p.second(), Method.CUSTOM_DIFFUSION);
                    long start = System.nanoTime();
                    delta = merge(p, a.deltaDir(), b.deltaDir(), dir.resolve("delta"));
                    seconds = a.seconds() + b.seconds() + (System.nanoTime() - start) / 1e9;
                }
                case SEQUENTIAL -> {
                    TrainingResult a = trainings.single(p.first(), Method.CUSTOM_DIFFUSION);
                    Path afterFirst = DeltaFolders.withCrossAttention(modelDir, a.deltaDir(), dir.resolve("model"));
                    TrainingResult b = trainings.secondOn(p, afterFirst);
                    // the second run's K/V and token, plus the first concept's token (which that run never saw)
                    delta = DeltaFolders.combine(dir.resolve("delta"), a.deltaDir(), b.deltaDir());
                    seconds = a.seconds() + b.seconds();
                }
                default -> throw new IllegalStateException(m.name());
            }
            rows.add(score(EvalRow.MULTI, p.id(), m.name(), m.label(), delta, oracle, each, both, seconds));
        }
        return rows;
    }

    /** Closed-form merge of two single-concept deltas (both use the first token; the merge renames the second's). */
    private Path merge(ConceptPair p, Path first, Path second, Path out) throws IOException {
        List<String> captions = ConceptData.corpusCaptions(RegularizationCaptions.REFERENCE_COUNT);
        DeltaMerge.Request req = new DeltaMerge.Request(modelDir, null,
                List.of(new DeltaMerge.Input(first, List.of(p.first().category().word())),
                        new DeltaMerge.Input(second, List.of(p.second().category().word()))),
                captions, TargetPrompts.A_PHOTO_OF, MergeOptions.exact(), out);
        DeltaMerge.Result r = DeltaMerge.run(req, null);
        List<String> tokens = r.concepts().stream().map(MergeManifest.Concept::token).toList();
        if (!tokens.equals(List.of(FIRST_TOKEN, SECOND_TOKEN))) {
            throw new IllegalStateException("merged tokens " + tokens + ", expected " + FIRST_TOKEN + ", " + SECOND_TOKEN);
        }
        return out;
    }

    private List<EvalRow> compressed(PersonalConcept c, ConceptTrainings trainings, int resolution) throws IOException {
        Oracle oracle = new Oracle(Map.of(c.id(), reference(c, resolution)));
        List<Prompt> prompts = EvalPrompts.concept(c, FIRST_TOKEN, settings.conceptPrompts(), settings.seed());
        TrainingResult full = trainings.single(c, Method.CUSTOM_DIFFUSION);
        List<EvalRow> rows = new ArrayList<>();
        for (Compression k : settings.compressions()) {
            log.accept("compression " + c.id() + ": " + k.label());
            Path out = work.resolve(c.id()).resolve("compressed-" + k.name().toLowerCase());
            long start = System.nanoTime();
            if (k.lowRank()) {
                DeltaCompression.compress(full.deltaDir(), modelDir, new RankRule.CumulativeRatio(k.ratio()), k.fp16(),
                        null, out, Map.of("rankRule", "cumulative ratio " + k.ratio()));
            } else {
                DeltaFolders.fp16Copy(full.deltaDir(), out);
            }
            double seconds = full.seconds() + (System.nanoTime() - start) / 1e9;
            rows.add(score(EvalRow.COMPRESSION, c.id(), k.name(), k.label(), out, oracle, prompts, List.of(), seconds));
        }
        return rows;
    }

    private EvalRow score(String table, String concepts, String method, String label, Path delta, Oracle oracle,
                          List<Prompt> each, List<Prompt> both, double seconds) throws IOException {
        try (ModelSampler sampler = new ModelSampler(modelDir, delta, settings.sampling())) {
            AttributeScores one = PromptScorer.score(sampler, oracle, each, settings.imagesPerPrompt(), settings.seed());
            AttributeScores two = both.isEmpty() ? null
                    : PromptScorer.score(sampler, oracle, both, settings.imagesPerPrompt(), settings.seed() + 7);
            AttributeScores world = delta == null ? baseModelWorld(sampler) : baseWorld(sampler);
            EvalRow row = new EvalRow(table, concepts, method, label, PromptScorer.pooled(one),
                    one.meanConceptSimilarity(), two == null ? Double.NaN : PromptScorer.pooled(two),
                    two == null ? Double.NaN : two.meanConceptSimilarity(), PromptScorer.pooled(world), world.asMap(),
                    seconds, delta == null ? 0 : DeltaFolders.weightBytes(delta));
            log.accept("  " + row);
            return row;
        }
    }

    /** The base model's base-world scores do not depend on the concept: computed once. */
    private AttributeScores baseModelWorld(ModelSampler base) {
        if (baseModelWorld == null) {
            baseModelWorld = baseWorld(base);
        }
        return baseModelWorld;
    }

    private AttributeScores baseWorld(ModelSampler sampler) {
        List<Prompt> prompts = EvalPrompts.baseWorld(settings.basePrompts(), settings.seed());
        return PromptScorer.score(sampler, new Oracle(), prompts, settings.imagesPerPrompt(), settings.seed());
    }

    private ConceptFeatures reference(PersonalConcept c, int resolution) {
        return ConceptData.reference(c, settings.instanceImages(), resolution);
    }

    /** Empties the work folder if an earlier run made it (a generated prior, for one, would otherwise be reused). */
    private void freshWork() throws IOException {
        if (Files.isRegularFile(work.resolve(WORK_MARKER))) {
            Folders.deleteRecursively(work);
        } else if (Files.isDirectory(work)) {
            try (Stream<Path> any = Files.list(work)) {
                if (any.findAny().isPresent()) {
                    throw new IOException(work + " exists and is not an earlier evaluation's work folder; choose "
                            + "another --out");
                }
            }
        }
        Files.createDirectories(work);
        Files.writeString(work.resolve(WORK_MARKER), "scratch space of ./motif eval; emptied by the next run\n");
    }
}
