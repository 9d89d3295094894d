package io.motif.cli;

import io.motif.merge.DeltaMerge;
import io.motif.merge.IllConditionedMergeException;
import io.motif.merge.LayerReport;
import io.motif.merge.MergeOptions;
import io.motif.merge.RegularizationCaptions;
import io.motif.merge.TargetPrompts;
import io.motif.training.ModelHash;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./motif merge}: closed-form merge of two or more concept deltas into one (see {@link DeltaMerge}).
 */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Merge concept deltas in closed form: for every cross-attention K/V matrix, the weights closest "
                + "to the base model on the regularization captions that reproduce each concept's own outputs on its "
                + "target prompts exactly (Kumari et al. 2023, float64).",
                "Inputs may be Motif deltas or diffusers Custom Diffusion folders/files (safetensors). The output is a "
                + "diffusers-format delta holding every concept's token (renamed <new1>…<newN> if two inputs share a "
                + "name) and manifest.json with the per-layer report."})
public final class MergeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "base model folder (diffusers layout)")
    Path model;

    @Option(names = "--delta", required = true, paramLabel = "PATH",
            description = "a concept delta (folder or weights file); give two or more")
    List<Path> deltas;

    @Option(names = "--category", paramLabel = "WORDS",
            description = {"category of the matching --delta (in order), e.g. \"wooden pot\"; for a jointly trained "
                    + "delta give one per token separated by ',' (token-name order). '-' or none: read the delta's "
                    + "manifest.json"})
    List<String> categories = new ArrayList<>();

    @Option(names = "--captions", paramLabel = "FILE",
            description = "regularization captions, one per line (default: the model folder's "
                    + RegularizationCaptions.MODEL_FILE + ")")
    Path captions;

    @Option(names = "--max-captions", description = "captions used, from the top of the file (default ${DEFAULT-VALUE}, as the reference)")
    int maxCaptions = RegularizationCaptions.REFERENCE_COUNT;

    @Option(names = "--ridge", paramLabel = "λ",
            description = {"0 (default): exact constraints, and a clear error when the system is singular.",
                    "λ > 0: add λ·mean(diag) to the diagonals of C_regᵀC_reg and C M⁻¹Cᵀ, which always solves but "
                            + "meets the constraints only approximately (see the residuals). Try 1e-6."})
    double ridge = 0;

    @Option(names = "--template", description = {"target prompt besides \"<newk> category\": A_PHOTO_OF = \"a photo of "
            + "<newk> category\" (the paper's code, default), PHOTO_OF_A = \"photo of a …\" (the diffusers script; "
            + "the reference's row rule then drops those three words). Style concepts (\"art\") always use "
            + "\"painting in the style of …\"."})
    TargetPrompts template = TargetPrompts.A_PHOTO_OF;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder for the merged delta")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MergeCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (deltas.size() < 2) {
            System.err.println("merge: give at least two --delta");
            return 2;
        }
        if (categories.size() > deltas.size()) {
            System.err.println("merge: more --category values than --delta values");
            return 2;
        }
        List<DeltaMerge.Input> inputs = new ArrayList<>();
        for (int i = 0; i < deltas.size(); i++) {
            String c = i < categories.size() ? categories.get(i).strip() : "-";
            List<String> cats = c.equals("-") ? List.of()
                    : Arrays.stream(c.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            inputs.add(new DeltaMerge.Input(deltas.get(i), cats));
        }
        long start = System.nanoTime();
        List<String> captionList;
        DeltaMerge.Result result;
        try {
            captionList = RegularizationCaptions.load(captions, model, maxCaptions);
            DeltaMerge.Request request = new DeltaMerge.Request(model, ModelHash.of(model), inputs, captionList,
                    template, MergeOptions.withRidge(ridge), out);
            result = DeltaMerge.run(request, null);
        } catch (IllConditionedMergeException | IllegalArgumentException | java.io.IOException e) {
            System.err.println("merge: " + e.getMessage());
            return 1;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "merged %d concepts %s from %d deltas in %.1f s%n", result.concepts().size(),
                result.concepts().stream().map(c -> c.token() + " " + c.classWord()).toList(), deltas.size(), seconds);
        result.renamed().forEach((from, to) -> System.out.println("  renamed " + from + " -> " + to));
        System.out.printf(Locale.ROOT, "C_reg: %d token rows from %d captions; duplicate target rows dropped: %s%n",
                result.regularizationRows(), captionList.size(), Arrays.toString(result.removedRows()));
        System.out.printf(Locale.ROOT, "condition estimates: C_reg^T C_reg %.3g, C M^-1 C^T %.3g%n",
                result.gramCondition(), result.constraintCondition());
        System.out.printf(Locale.ROOT, "%-72s %11s %11s %11s %11s%n", "layer", "residual", "reg_rms", "target_rms",
                "max|dW|");
        for (LayerReport r : result.layers()) {
            System.out.printf(Locale.ROOT, "%-72s %11.3e %11.3e %11.3e %11.3e%n", r.layer(), r.constraintResidual(),
                    r.regularizationRms(), r.targetRms(), r.maxAbsChange());
        }
        System.out.println("wrote " + out);
        return 0;
    }
}
