package io.motif.shapes.tiny;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.motif.shapes.world.Scene;
import io.motif.shapes.world.SceneRenderer;
import io.motif.shapes.world.ShapesWorld;
import io.motif.training.optim.AdamW;
import io.motif.training.optim.AdamWConfig;
import io.motif.training.optim.GlobalNormClipping;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Trains every parameter of motif-tiny (UNet and text encoder) from scratch on the shapes world with the plain
 * ε-prediction loss. Batch {@code k} holds world scenes k·B … k·B+B−1, and its timesteps, noise and caption
 * dropout come from a generator seeded by (seed, k): a run is reproducible, and the data never repeats.
 */
public final class TinyPretrainer {

    /** Steps with a non-finite loss or gradient tolerated before the run is abandoned. */
    static final int MAX_SKIPPED = 20;

    private final TinyModel model;
    private int skipped;
    private final PretrainOptions options;
    private final ShapesWorld world;
    private final SceneRenderer renderer;

    public TinyPretrainer(TinyModel model, PretrainOptions options) {
        this.model = model;
        this.options = options;
        this.world = new ShapesWorld(options.worldSeed());
        this.renderer = new SceneRenderer(model.imageSize());
    }

    /** One logged point of the loss curve (mean loss over the steps since the previous point). */
    public record LogPoint(int step, double meanLoss, double learningRate, double elapsedSeconds) {
    }

    /**
     * Runs until {@code steps} or {@code maxMinutes}, whichever comes first, saving the model into {@code out} every
     * {@code checkpointEvery} steps and at the end; the loss curve goes to {@code out/train_log.csv}.
     *
     * @return the loss curve
     */
    public List<LogPoint> run(Path out, Consumer<String> log) throws IOException {
        Files.createDirectories(out);
        Map<String, NDArray> params = trainableParameters();
        for (NDArray p : params.values()) {
            p.setRequiresGradient(true);
        }
        List<LogPoint> curve = new ArrayList<>();
        long start = System.nanoTime();
        double lossSum = 0;
        int lossCount = 0;
        int step = 0;
        NDManager manager = model.unet().parameters().manager();
        try (AdamW adam = new AdamW(AdamWConfig.defaults(), manager);
             StepInputs inputs = new StepInputs(options.batchSize(), model.imageSize(), model.tokenizer().maxLength(),
                     manager);
             PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out.resolve("train_log.csv")))) {
            csv.println("step,loss,lr,seconds");
            for (; step < options.steps(); step++) {
                double lr = options.learningRateAt(step);
                double loss = trainStep(step, params, adam, lr, manager, inputs);
                if (Double.isFinite(loss)) {
                    lossSum += loss;
                    lossCount++;
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                boolean last = step + 1 == options.steps() || elapsed / 60 >= options.maxMinutes();
                if ((step + 1) % options.logEvery() == 0 || last) {
                    LogPoint p = new LogPoint(step + 1, lossSum / Math.max(1, lossCount), lr, elapsed);
                    curve.add(p);
                    csv.printf("%d,%.5f,%.6g,%.1f%n", p.step(), p.meanLoss(), p.learningRate(), p.elapsedSeconds());
                    csv.flush();
                    log.accept(String.format("step %d loss %.4f lr %.2e %.0f s (skipped so far: %d)", p.step(),
                            p.meanLoss(), lr, elapsed, skipped));
                    lossSum = 0;
                    lossCount = 0;
                }
                if ((step + 1) % options.checkpointEvery() == 0 || last) {
                    save(out, step + 1, elapsed);
                }
                if (last) {
                    step++;
                    break;
                }
            }
        }
        return curve;
    }

    private void save(Path out, int steps, double seconds) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("motif.pretrain.steps", Integer.toString(steps));
        meta.put("motif.pretrain.seconds", String.format("%.0f", seconds));
        meta.put("motif.pretrain.options", options.toString());
        model.save(out, meta);
    }

    /** Every UNet and text-encoder weight, under a prefix that keeps the two name spaces apart. */
    private Map<String, NDArray> trainableParameters() {
        Map<String, NDArray> params = new LinkedHashMap<>();
        model.unet().parameters().view().forEach((k, v) -> params.put("unet." + k, v));
        model.text().parameters().view().forEach((k, v) -> params.put("text." + k, v));
        return params;
    }

    private double trainStep(int step, Map<String, NDArray> params, AdamW adam, double lr, NDManager manager,
                             StepInputs inputs) {
        int b = options.batchSize();
        SplittableRandom rnd = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + step);
        List<BufferedImage> images = new ArrayList<>();
        long[] ids = new long[b * model.tokenizer().maxLength()];
        for (int i = 0; i < b; i++) {
            Scene s = world.scene((long) step * b + i);
            images.add(renderer.render(s));
            String caption = rnd.nextDouble() < options.captionDropout() ? "" : s.caption();
            long[] row = model.tokenizer().encode(caption);
            System.arraycopy(row, 0, ids, i * row.length, row.length);
        }
        int[] t = new int[b];
        float[] tf = new float[b];
        for (int i = 0; i < b; i++) {
            t[i] = rnd.nextInt(model.schedule().trainSteps());
            tf[i] = t[i];
        }
        int size = model.imageSize();
        float[] noise = new float[b * 3 * size * size];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) gaussian(rnd);
        }
        double loss;
        inputs.fill(images, ids, noise, t, tf, model.schedule());
        try (NDScope ignored = new NDScope(); NDManager scratch = manager.newSubManager()) {
            NDArray xt = inputs.noisy();
            NDArray eps = inputs.noise();
            NDArray inputIds = inputs.ids();
            NDArray timesteps = inputs.timesteps();
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray context = model.text().forward(inputIds).lastHiddenState();
                NDArray pred = model.unet().forward(xt, timesteps, context);
                NDArray mse = pred.sub(eps).square().mean();
                collector.backward(mse);
                loss = mse.getFloat();
            }
            Map<String, NDArray> grads = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                try (NDArray g = e.getValue().getGradient()) {
                    NDArray copy = g.duplicate();
                    copy.attach(scratch);
                    grads.put(e.getKey(), copy);
                    // set, not g − g: one non-finite gradient would otherwise stay NaN for the rest of the run
                    g.set(new NDIndex("..."), 0f);
                }
            }
            float norm = GlobalNormClipping.totalNorm(grads.values());
            if (!Double.isFinite(loss) || !Float.isFinite(norm)) {
                // a rare non-finite step (seen on this CPU build at higher learning rates) is dropped, not applied:
                // one poisoned update would turn every weight into NaN
                skipped++;
                if (skipped > MAX_SKIPPED) {
                    throw new IllegalStateException("non-finite loss or gradient in " + skipped + " steps, last at " + step);
                }
                return Double.NaN;
            }
            float coef = GlobalNormClipping.coefficient(norm, options.maxGradNorm());
            if (coef < 1f) {
                for (NDArray g : grads.values()) {
                    g.muli(coef);
                }
            }
            adam.update(params, grads, lr);
        }
        // Collect garbage here, between steps, and nowhere else if we can help it: arrays DJL makes from Java memory
        // (scalar operands of mul/div among them) borrow a direct buffer that the collector frees once the Java
        // object is unreachable, while the autograd graph of the current step may still read it. Free runs
        // collected in the middle of a step showed non-finite gradients; a collection at this point is safe.
        System.gc();
        return loss;
    }

    static double gaussian(SplittableRandom rnd) {
        double u1 = 1.0 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
