package io.motif.cli.bench;

import io.motif.merge.ClosedFormMerge;
import io.motif.merge.ConceptTargets;
import io.motif.merge.GramMatrix;
import io.motif.merge.MergeOptions;
import io.motif.merge.PerLayerReferenceMerge;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./motif bench merge}: the closed-form merge at Stable Diffusion 1.x scale on random weights and features.
 *
 * <p>Shapes are SD 1.5's: 16 cross-attention layers with K and V (32 matrices) of widths 320/640/1280 (5/5/6
 * layers), text width 768, 200 regularization captions whose kept rows (after BOS through EOS) are drawn uniformly
 * from [min-tokens, max-tokens], and two concepts with the target prompts "&lt;newk&gt; category" (3 rows) and
 * "a photo of &lt;newk&gt; category" (6 rows). The timed unit is the whole merge from features and weights: the
 * concepts' outputs V, the Gram matrix, the factorisations and all 32 solves with their reports. The baseline,
 * timed in the same run, re-forms and re-factorises the Gram matrix for every layer as the reference does (with the
 * same Gram kernel, so the ratio measures the shared factorisation alone).
 */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Median time of a closed-form merge of two concepts at SD 1.5 scale (float64), against a "
                + "per-layer re-factorising baseline measured in the same run.")
public final class MergeBench implements Callable<Integer> {

    private static final int[] WIDTHS = {320, 320, 640, 640, 1280, 1280, 1280, 1280, 1280, 1280, 640, 640, 640,
        320, 320, 320};

    @Option(names = "--captions", description = "regularization captions (default ${DEFAULT-VALUE})")
    int captions = 200;

    @Option(names = "--min-tokens", description = "fewest kept rows per caption (default ${DEFAULT-VALUE})")
    int minTokens = 2;

    @Option(names = "--max-tokens", description = "most kept rows per caption; 76 = BOS dropped from 77 (default ${DEFAULT-VALUE})")
    int maxTokens = 76;

    @Option(names = "--text-dim", description = "text feature width (default ${DEFAULT-VALUE})")
    int textDim = 768;

    @Option(names = "--runs", description = "timed runs of the merge (default ${DEFAULT-VALUE})")
    int runs = 7;

    @Option(names = "--baseline-runs", description = "timed runs of the per-layer baseline; 0 skips it (default ${DEFAULT-VALUE})")
    int baselineRuns = 3;

    @Option(names = "--seed", description = "random seed (default ${DEFAULT-VALUE})")
    long seed = 42;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MergeBench()).execute(args));
    }

    @Override
    public Integer call() {
        SplittableRandom random = new SplittableRandom(seed);
        int regRows = 0;
        for (int i = 0; i < captions; i++) {
            regRows += minTokens + random.nextInt(maxTokens - minTokens + 1);
        }
        DMatrixRMaj reg = gaussian(random, regRows, textDim, 1.0);
        ConceptTargets targets = new ConceptTargets(List.of(gaussian(random, 9, textDim, 1.0),
                gaussian(random, 9, textDim, 1.0)));
        Map<String, DMatrixRMaj> base = new LinkedHashMap<>();
        List<Map<String, DMatrixRMaj>> finetuned = List.of(new LinkedHashMap<>(), new LinkedHashMap<>());
        for (int layer = 0; layer < WIDTHS.length; layer++) {
            for (String proj : new String[] {"to_k", "to_v"}) {
                String name = "layer" + layer + ".attn2." + proj + ".weight";
                DMatrixRMaj w0 = gaussian(random, WIDTHS[layer], textDim, 0.03);
                base.put(name, w0);
                for (Map<String, DMatrixRMaj> concept : finetuned) {
                    DMatrixRMaj w = w0.copy();
                    DMatrixRMaj noise = gaussian(random, WIDTHS[layer], textDim, 0.003);
                    for (int i = 0; i < w.data.length; i++) {
                        w.data[i] += noise.data[i];
                    }
                    concept.put(name, w);
                }
            }
        }
        long params = base.values().stream().mapToLong(m -> (long) m.numRows * m.numCols).sum();
        System.out.printf(Locale.ROOT, "shapes: %d K/V matrices (%d parameters), C_reg %d x %d from %d captions, "
                        + "%d target rows, %d cores%n", base.size(), params, regRows, textDim, captions,
                targets.rawFeatures().numRows, Runtime.getRuntime().availableProcessors());
        // timings on a shared machine mean little without the load they were taken under
        System.out.printf(Locale.ROOT, "system load average at start: %.1f%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        // warm up the JIT on both paths once
        Map<String, ClosedFormMerge.LayerMerge> result = sharedMerge(reg, targets, base, finetuned);
        double[] gram = new double[runs];
        double[] shared = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            GramMatrix.of(reg);
            long t1 = System.nanoTime();
            result = sharedMerge(reg, targets, base, finetuned);
            long t2 = System.nanoTime();
            gram[r] = (t1 - t0) / 1e9;
            shared[r] = (t2 - t1) / 1e9;
        }
        double worstResidual = result.values().stream().mapToDouble(m -> m.report().constraintResidual()).max()
                .orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "gram C_reg^T C_reg alone: median %.3f s%n", Medians.of(gram));
        System.out.printf(Locale.ROOT, "last merge by phase: concept outputs V %.3f s, Gram + factorisations %.3f s, "
                + "32 layer solves %.3f s%n", PHASES[0], PHASES[1], PHASES[2]);
        System.out.printf(Locale.ROOT, "merge (shared factorisation): median %.3f s over %d runs %s; worst "
                + "constraint residual %.2e%n", Medians.of(shared), runs, Arrays.toString(round(shared)), worstResidual);

        if (baselineRuns > 0) {
            double[] baseline = new double[baselineRuns];
            Map<String, DMatrixRMaj> reference = null;
            for (int r = 0; r < baselineRuns; r++) {
                long t0 = System.nanoTime();
                reference = baselineMerge(reg, targets, base, finetuned);
                baseline[r] = (System.nanoTime() - t0) / 1e9;
            }
            double agreement = 0;
            for (String layer : base.keySet()) {
                DMatrixRMaj a = result.get(layer).weight();
                DMatrixRMaj b = reference.get(layer);
                for (int i = 0; i < a.data.length; i++) {
                    agreement = Math.max(agreement, Math.abs(a.data[i] - b.data[i]));
                }
            }
            System.out.printf(Locale.ROOT, "baseline (per-layer Gram + LU + inverse): median %.3f s over %d runs %s%n",
                    Medians.of(baseline), baselineRuns, Arrays.toString(round(baseline)));
            System.out.printf(Locale.ROOT, "speed-up: %.1fx; max |W_shared - W_baseline| = %.2e%n",
                    Medians.of(baseline) / Medians.of(shared), agreement);
        }
        return 0;
    }

    /** Seconds spent in the last shared merge's phases: concept outputs V, Gram + factorisations, layer solves. */
    private static final double[] PHASES = new double[3];

    private static Map<String, ClosedFormMerge.LayerMerge> sharedMerge(DMatrixRMaj reg, ConceptTargets targets,
            Map<String, DMatrixRMaj> base, List<Map<String, DMatrixRMaj>> finetuned) {
        long t0 = System.nanoTime();
        Map<String, DMatrixRMaj> values = values(targets, base, finetuned);
        long t1 = System.nanoTime();
        ClosedFormMerge merge = ClosedFormMerge.prepare(reg, targets.rawFeatures(), MergeOptions.exact());
        long t2 = System.nanoTime();
        Map<String, ClosedFormMerge.LayerMerge> merged = merge.mergeAll(base, values);
        long t3 = System.nanoTime();
        PHASES[0] = (t1 - t0) / 1e9;
        PHASES[1] = (t2 - t1) / 1e9;
        PHASES[2] = (t3 - t2) / 1e9;
        return merged;
    }

    private static Map<String, DMatrixRMaj> baselineMerge(DMatrixRMaj reg, ConceptTargets targets,
            Map<String, DMatrixRMaj> base, List<Map<String, DMatrixRMaj>> finetuned) {
        return PerLayerReferenceMerge.merge(reg, targets.rawFeatures(), base, values(targets, base, finetuned));
    }

    private static Map<String, DMatrixRMaj> values(ConceptTargets targets, Map<String, DMatrixRMaj> base,
                                                   List<Map<String, DMatrixRMaj>> finetuned) {
        List<String> layers = new ArrayList<>(base.keySet());
        DMatrixRMaj[] computed = new DMatrixRMaj[layers.size()];
        java.util.stream.IntStream.range(0, layers.size()).parallel().forEach(i -> {
            List<DMatrixRMaj> ws = new ArrayList<>();
            for (Map<String, DMatrixRMaj> concept : finetuned) {
                ws.add(concept.get(layers.get(i)));
            }
            computed[i] = targets.rawValues(ws);
        });
        Map<String, DMatrixRMaj> values = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            values.put(layers.get(i), computed[i]);
        }
        return values;
    }

    private static DMatrixRMaj gaussian(SplittableRandom random, int rows, int cols, double scale) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = scale * gaussian(random);
        }
        return m;
    }

    /** Box–Muller; SplittableRandom has no nextGaussian on Java 17. */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static double[] round(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.round(values[i] * 1000) / 1000.0;
        }
        return out;
    }
}
