package io.motif.cli;

import io.motif.merge.CompressedDelta;
import io.motif.merge.DeltaCompression;
import io.motif.merge.PromptProbe;
import io.motif.merge.RankRule;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./motif compress}: low-rank SVD (and/or fp16) storage of a delta's K/V changes (see
 * {@link DeltaCompression}).
 */
@Command(name = "compress", mixinStandardHelpOptions = true,
        description = {"Compress a delta: per K/V matrix, ΔW = W − W0 is replaced by its truncated SVD u·v "
                + "(u = U·diag(s), v = Vᵀ), stored in " + CompressedDelta.FILE + " beside the token files.",
                "Loading needs the same base model (W = W0 + u·v). Prints per-layer ranks, size before/after and the "
                        + "largest change of a K/V output on a fixed prompt."})
public final class CompressCommand implements Callable<Integer> {

    @Option(names = "--delta", required = true, paramLabel = "PATH", description = "delta folder or weights file")
    Path delta;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "the delta's base model folder")
    Path model;

    @Option(names = "--ratio", description = {"keep singular values until their cumulative share Σs_k/Σs exceeds this "
            + "(the crossing value is dropped, as the reference's compress.py; at least one is kept) "
            + "(default ${DEFAULT-VALUE})"})
    double ratio = 0.6;

    @Option(names = "--rank", description = "keep exactly this many directions per matrix instead of --ratio")
    Integer rank;

    @Option(names = "--fp16", description = "store the factors in fp16 (half the bytes)")
    boolean fp16;

    @Option(names = "--prompt", description = "prompt for the output-change check (default: \"a photo of <token> "
            + "<category>\" from the delta)")
    String prompt;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CompressCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        RankRule rule = rank != null ? new RankRule.FixedRank(rank) : new RankRule.CumulativeRatio(ratio);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("rankRule", rule.toString());
        Optional<PromptProbe.Probe> probe;
        DeltaCompression.Result r;
        try {
            probe = PromptProbe.features(model, delta, prompt);
            r = DeltaCompression.compress(delta, model, rule, fp16, probe.map(PromptProbe.Probe::features).orElse(null),
                    out, meta);
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println("compress: " + e.getMessage());
            return 1;
        }
        System.out.printf(Locale.ROOT, "%-90s %9s %5s %12s %12s%n", "matrix", "shape", "rank", "sigma_r+1",
                "sigma_1");
        for (DeltaCompression.Layer l : r.layers()) {
            System.out.printf(Locale.ROOT, "%-90s %4dx%-4d %5d %12.4e %12.4e%n", l.key(), l.rows(), l.cols(), l.rank(),
                    l.spectralError(), l.largest());
        }
        System.out.printf(Locale.ROOT, "K/V values: %d -> %d (%.1fx); file bytes: %d -> %d (%.1fx)%s%n",
                r.parametersBefore(), r.parametersAfter(), (double) r.parametersBefore() / r.parametersAfter(),
                r.bytesBefore(), r.bytesAfter(), (double) r.bytesBefore() / r.bytesAfter(), fp16 ? ", fp16" : "");
        if (probe.isPresent()) {
            System.out.printf(Locale.ROOT, "max |K/V output change| on %s: %.4e (outputs up to %.4e, relative "
                    + "%.2e)%n", probe.get().source(), r.maxOutputChange(), r.outputScale(),
                    r.maxOutputChange() / r.outputScale());
        } else {
            System.out.println("output change: skipped (the model folder has no tokenizer/ to encode a prompt)");
        }
        System.out.println("wrote " + out);
        return 0;
    }
}
