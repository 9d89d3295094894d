package io.motif.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.motif.diffusion.pipeline.StableDiffusionModel;
import io.motif.shapes.eval.AttentionShares;
import io.motif.shapes.eval.CaptionSensitivity;
import io.motif.shapes.eval.Compression;
import io.motif.shapes.eval.ConceptPair;
import io.motif.shapes.eval.EncoderShift;
import io.motif.shapes.eval.EvalReport;
import io.motif.shapes.eval.EvalRow;
import io.motif.shapes.eval.EvalRunner;
import io.motif.shapes.eval.EvalSettings;
import io.motif.shapes.eval.Method;
import io.motif.shapes.eval.ModelSampler;
import io.motif.shapes.eval.MultiMethod;
import io.motif.shapes.world.PersonalConcept;
import io.motif.shapes.world.ShapesWorld;
import io.motif.diffusion.scheduler.Sampler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ./motif eval}: the paper's tables in miniature, scored by the shapes-world oracle. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Train each personal concept with each method, generate fixed-seed prompts, score them with the",
                "oracle: text alignment, image alignment, base-world accuracy (forgetting), training time, delta size.",
                "Tables: single concept (methods), multi concept (joint / merge / sequential on concept pairs),",
                "compression of the Custom Diffusion delta (60 %% rank, fp16). Writes results.json and results.md",
                "into --out. Without options: the full settings (several CPU-hours on 2 cores; see docs/results.md",
                "for the settings the published table used)."})
public final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", description = "base model folder (default: ${DEFAULT-VALUE})")
    Path model = Path.of("models/motif-tiny");

    @Option(names = "--out", description = "output folder; its work/ subfolder is scratch space (default: ${DEFAULT-VALUE})")
    Path out = Path.of("out/eval");

    @Option(names = "--quick", description = "every table at the smallest size (one concept, one pair, a few prompts and steps: the test-suite run)")
    boolean quick;

    @Option(names = "--concepts", split = ",", description = "single-concept and compression concepts, of: ${COMPLETION-CANDIDATES}")
    List<PersonalConcept> concepts;

    @Option(names = "--methods", split = ",", description = "single-concept methods, of: ${COMPLETION-CANDIDATES}")
    List<Method> methods;

    @Option(names = "--pairs", split = ",", paramLabel = "A+B", description = "concept pairs for the multi-concept table, e.g. STRIPED_STAR+DOTTED_HEART; 'none' for no table")
    List<String> pairs;

    @Option(names = "--multi", split = ",", description = "multi-concept methods, of: ${COMPLETION-CANDIDATES}")
    List<MultiMethod> multi;

    @Option(names = "--compressions", split = ",", description = "compressed deltas, of: RANK_60, RANK_60_FP16, FP16; 'none' for no table")
    List<String> compressions;

    @Option(names = "--steps", description = "training steps of a single-concept run; joint runs take twice as many (default: the settings' own)")
    Integer steps;

    @Option(names = "--lr", description = "learning rate of runs that train UNet weights (default: the settings' own)")
    Double lr;

    @Option(names = "--token-lr", description = "learning rate of token-only runs (default: the settings' own)")
    Double tokenLr;

    @Option(names = "--batch", description = "rows per training step (default: the settings' own)")
    Integer batch;

    @Option(names = "--reg-images", description = "class images per concept, retrieved or generated (default: the settings' own)")
    Integer regImages;

    @Option(names = "--base-prompts", description = "number of base-world prompts (default: the settings' own)")
    Integer basePrompts;

    @Option(names = "--concept-prompts", description = "prompts per concept (default: the settings' own)")
    Integer conceptPrompts;

    @Option(names = "--pair-prompts", description = "prompts with both concepts of a pair (default: the settings' own)")
    Integer pairPrompts;

    @Option(names = "--images", description = "images (seeds) per prompt (default: the settings' own)")
    Integer images;

    @Option(names = "--sampling-steps", description = "denoising steps per image (default: the settings' own)")
    Integer samplingSteps;

    @Option(names = "--sampler", description = "sampler of every image: ddim, ddpm or dpmpp2m (default: ddim)")
    String sampler;

    @Option(names = "--guidance", description = "classifier-free guidance scale of every image (default: the settings' own, the paper's 6)")
    Double guidance;

    @Option(names = "--base-only", description = "only the base model's per-attribute accuracy on base-world prompts (the model card's numbers)")
    boolean baseOnly;

    @Option(names = "--caption-sensitivity", description = "only how much the base model's denoising prediction worsens when a caption's positions, colours, shapes or sizes are swapped, or the caption is emptied (held-out scenes, no sampling)")
    boolean captionSensitivity;

    @Option(names = "--attention-shares", description = "only where the base model's cross-attention goes: per layer, the mean attention a pixel inside / outside the objects gives to size, colour, shape and position words, other words, the start token and the end token with its padding (held-out scenes noised to --probe-timestep, no sampling)")
    boolean attentionShares;

    @Option(names = "--encoder-shift", description = "only how far the text encoder's output moves when a caption's positions, colours, shapes or sizes are swapped: relative change at the changed words and over the end token and padding (held-out captions)")
    boolean encoderShift;

    @Option(names = "--probe-timestep", description = "noise level of --attention-shares (default: ${DEFAULT-VALUE})")
    int probeTimestep = 500;

    @Option(names = "--probe-scenes", description = "held-out scenes of --caption-sensitivity, --attention-shares and --encoder-shift (default: ${DEFAULT-VALUE})")
    int probeScenes = 64;

    @Override
    public Integer call() throws Exception {
        if ((baseOnly ? 1 : 0) + (captionSensitivity ? 1 : 0) + (attentionShares ? 1 : 0) + (encoderShift ? 1 : 0) > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--base-only, --caption-sensitivity, "
                    + "--attention-shares and --encoder-shift are separate runs; give one of them");
        }
        if (encoderShift) {
            return encoderShift();
        }
        if (captionSensitivity) {
            return captionSensitivity();
        }
        if (attentionShares) {
            return attentionShares();
        }
        EvalSettings s = settings();
        if (baseOnly) {
            return baseOnly(s);
        }
        String command = String.join(" ", commandLine());
        List<EvalRow> rows = new EvalRunner(model, s, out.resolve("work"), System.out::println).run();
        EvalReport.writeJson(out.resolve("results.json"), command, s, rows);
        String md = EvalReport.markdown(command, rows);
        Files.writeString(out.resolve("results.md"), md);
        System.out.println(md);
        return 0;
    }

    private int baseOnly(EvalSettings s) throws Exception {
        Map<String, Double> acc = new EvalRunner(model, s, out.resolve("work"), System.out::println).baseWorldAccuracy();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("settings", s.toString());
        fields.put("baseWorldAccuracy", acc);
        writeJson("base-world.json", fields);
        System.out.println("base-world accuracy of " + model + ": " + acc);
        return 0;
    }

    private int encoderShift() throws Exception {
        if (probeScenes < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--probe-scenes must be at least 1");
        }
        try (StableDiffusionModel m = StableDiffusionModel.load(model)) {
            List<EncoderShift.Result> results = new EncoderShift(m, new ShapesWorld()).measure(probeScenes);
            writeJson("encoder-shift.json", Map.of("results", results));
            System.out.println("relative change of the text encoder's output with the caption changed, " + model + ":");
            System.out.print(EncoderShift.markdown(results));
        }
        return 0;
    }

    private int attentionShares() throws Exception {
        if (probeScenes < 1 || probeTimestep < 0 || probeTimestep > 999) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--probe-scenes must be at least 1 and --probe-timestep within 0..999");
        }
        try (StableDiffusionModel m = StableDiffusionModel.load(model)) {
            List<AttentionShares.Layer> layers = new AttentionShares(m, new ShapesWorld())
                    .measure(probeScenes, probeTimestep, 2023L);
            writeJson("attention-shares.json", Map.of("timestep", probeTimestep, "layers", layers));
            System.out.println("mean cross-attention per token kind, inside / outside the objects, t = "
                    + probeTimestep + ", " + model + ":");
            System.out.print(AttentionShares.markdown(layers));
        }
        return 0;
    }

    private int captionSensitivity() throws Exception {
        if (probeScenes < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--probe-scenes must be at least 1");
        }
        try (StableDiffusionModel m = StableDiffusionModel.load(model)) {
            List<CaptionSensitivity.Result> results = new CaptionSensitivity(m, new ShapesWorld())
                    .measure(probeScenes, PROBE_TIMESTEPS, 2, 2023L);
            writeJson("caption-sensitivity.json", Map.of("results", results));
            System.out.println("denoising-loss increase with the caption changed, " + model + ":");
            System.out.print(CaptionSensitivity.markdown(results));
        }
        return 0;
    }

    /** Writes {@code out/file}: the model folder, then {@code fields} in their map's order. */
    private void writeJson(String file, Map<String, Object> fields) throws Exception {
        Files.createDirectories(out);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model.toString());
        json.putAll(fields);
        Files.writeString(out.resolve(file), new ObjectMapper().writeValueAsString(json));
    }

    /** Noise levels of --caption-sensitivity: nearly clean to nearly pure noise. */
    private static final int[] PROBE_TIMESTEPS = {100, 300, 500, 700, 900};

    private EvalSettings settings() {
        EvalSettings base = quick ? EvalSettings.quick() : EvalSettings.full();
        return base.with(b -> {
            if (concepts != null) {
                b.concepts = concepts;
            }
            if (methods != null) {
                b.methods = methods;
            }
            if (pairs != null) {
                b.pairs = parsePairs(pairs);
            }
            if (multi != null) {
                b.multiMethods = multi;
            }
            if (compressions != null) {
                b.compressions = compressions.contains("none") ? List.of()
                        : compressions.stream().map(this::parseCompression).toList();
            }
            if (steps != null) {
                b.trainSteps = steps;
            }
            if (lr != null) {
                b.learningRate = lr;
            }
            if (tokenLr != null) {
                b.tokenLearningRate = tokenLr;
            }
            if (batch != null) {
                b.batchSize = batch;
            }
            if (regImages != null) {
                b.regularizationImages = regImages;
            }
            if (basePrompts != null) {
                b.basePrompts = basePrompts;
            }
            if (conceptPrompts != null) {
                b.conceptPrompts = conceptPrompts;
            }
            if (pairPrompts != null) {
                b.pairPrompts = pairPrompts;
            }
            if (images != null) {
                b.imagesPerPrompt = images;
            }
            if (samplingSteps != null) {
                b.sampling = b.sampling.withSteps(samplingSteps);
            }
            if (guidance != null) {
                b.sampling = b.sampling.withGuidance(guidance);
            }
            if (sampler != null) {
                b.sampling = b.sampling.withSampler(checkedSampler(sampler));
            }
        });
    }

    private String checkedSampler(String name) {
        if (!Sampler.NAMES.contains(name)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown sampler " + name + "; one of "
                    + String.join(", ", Sampler.NAMES));
        }
        return name;
    }

    private Compression parseCompression(String name) {
        try {
            return Compression.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown compression " + name + "; one of "
                    + Arrays.toString(Compression.values()) + " or none");
        }
    }

    private static List<ConceptPair> parsePairs(List<String> specs) {
        List<ConceptPair> out = new ArrayList<>();
        for (String p : specs) {
            if (p.equals("none")) {
                return List.of();
            }
            String[] two = p.split("\\+");
            if (two.length != 2) {
                throw new CommandLine.ParameterException(new CommandLine(new EvalCommand()), "a pair is A+B, got " + p);
            }
            out.add(new ConceptPair(PersonalConcept.valueOf(two[0].strip()), PersonalConcept.valueOf(two[1].strip())));
        }
        return out;
    }

    /** The command as typed, for the reports' "made by" line. */
    private List<String> commandLine() {
        List<String> words = new ArrayList<>(List.of("./motif", "eval"));
        words.addAll(spec.commandLine().getParseResult().originalArgs());
        return words;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new EvalCommand()).execute(args));
    }
}
