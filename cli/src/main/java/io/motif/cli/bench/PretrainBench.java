package io.motif.cli.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.motif.files.Folders;
import io.motif.shapes.tiny.PretrainOptions;
import io.motif.shapes.tiny.TinyModel;
import io.motif.shapes.tiny.TinyPretrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./motif bench pretrain}: motif-tiny pretraining speed with the batch on one model replica that uses every
 * core through libtorch's intra-op threads, against the batch split over one replica per core, each on one thread
 * ({@code --shards}). Both run in the same process, from the same fresh weights and on the same scenes; each
 * prints the median step time after warm-up steps, then the ratio.
 */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = "Steps/s of motif-tiny pretraining: one replica on all cores vs one replica per core (medians).")
public final class PretrainBench implements Callable<Integer> {

    @Option(names = "--config", description = "model folder whose configs are trained (default: ${DEFAULT-VALUE})")
    Path config = Path.of("models/motif-tiny");

    @Option(names = "--batch", description = "images per step (default: ${DEFAULT-VALUE})")
    int batch = PretrainOptions.defaults().batchSize();

    @Option(names = "--steps", description = "timed steps per variant (default: ${DEFAULT-VALUE})")
    int steps = 7;

    @Option(names = "--warmup", description = "untimed steps first, at least 1 (default: ${DEFAULT-VALUE})")
    int warmup = 2;

    @Override
    public Integer call() throws Exception {
        if (warmup < 1 || steps < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--warmup and --steps must be at least 1");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        Engine.getInstance(); // loads libtorch, whose thread count is then set per variant
        System.out.printf(Locale.ROOT, "model=%s batch=%d cores=%d%n", config, batch, cores);
        double one = medianStepMs(1, cores);
        double split = medianStepMs(cores, 1);
        System.out.printf(Locale.ROOT, "pretrain.step replicas=1 threads=%d median_ms=%.0f images_per_s=%.1f%n",
                cores, one, batch * 1000 / one);
        System.out.printf(Locale.ROOT, "pretrain.step replicas=%d threads=1 median_ms=%.0f images_per_s=%.1f%n",
                cores, split, batch * 1000 / split);
        System.out.printf(Locale.ROOT, "ratio one-replica/split step time=%.2f%n", one / split);
        return 0;
    }

    /** Median wall time of a step, in ms, with {@code shards} replicas and {@code threads} intra-op threads. */
    private double medianStepMs(int shards, int threads) throws Exception {
        JniUtils.setNumThreads(threads);
        PretrainOptions defaults = PretrainOptions.defaults();
        PretrainOptions o = new PretrainOptions(warmup + steps, batch, defaults.learningRate(), 1,
                defaults.captionDropout(), defaults.maxGradNorm(), defaults.seed(), defaults.worldSeed(),
                Integer.MAX_VALUE, 1, Double.MAX_VALUE, defaults.snrGamma(), shards, 0, defaults.grounding());
        Path out = Files.createTempDirectory("motif-pretrain-bench");
        try (NDManager manager = NDManager.newBaseManager();
             TinyModel model = TinyModel.initialise(config, defaults.seed(), manager)) {
            List<TinyPretrainer.LogPoint> curve = new TinyPretrainer(model, o).run(out, line -> { });
            List<Double> ms = new ArrayList<>();
            for (int i = warmup; i < curve.size(); i++) {
                ms.add((curve.get(i).elapsedSeconds() - curve.get(i - 1).elapsedSeconds()) * 1000);
            }
            System.out.printf(Locale.ROOT, "  replicas=%d threads=%d step ms: %s%n", shards, threads,
                    ms.stream().map(x -> String.format(Locale.ROOT, "%.0f", x)).toList());
            return Medians.of(ms);
        } finally {
            Folders.deleteRecursively(out);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new PretrainBench()).execute(args));
    }
}
