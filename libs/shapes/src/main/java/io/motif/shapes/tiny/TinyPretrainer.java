package io.motif.shapes.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Trains every parameter of motif-tiny (UNet and text encoder, or the UNet alone after a text warm-up) from scratch on the shapes world with the denoising
 * loss of the schedule's prediction type (min-SNR-γ weighted, see {@link PretrainOptions#lossWeight}), the batch
 * split over parallel {@link GradientShard}s. Batch {@code k} holds world scenes k·B … k·B+B−1, and its timesteps, noise and caption
 * dropout come from a generator seeded by (seed, k): a run is reproducible, and the data never repeats.
 */
public final class TinyPretrainer {

    /** Steps with a non-finite loss or gradient tolerated before the run is abandoned. */
    static final int MAX_SKIPPED = 20;

    private final TinyModel model;
    private int skipped;
    /** Sums of the steps' grounding (share) and mass losses since the last log point. */
    private double groundingSum;
    private double massSum;
    private final PretrainOptions options;
    private final ShapesWorld world;
    private final SceneRenderer renderer;

    public TinyPretrainer(TinyModel model, PretrainOptions options) {
        this.model = model;
        this.options = options;
        this.world = new ShapesWorld(options.worldSeed());
        this.renderer = new SceneRenderer(model.imageSize());
    }

    /**
     * One logged point of the loss curve (mean denoising loss over the steps since the previous point, and the mean
     * grounding share and mass losses, 0 when off).
     */
    public record LogPoint(int step, double meanLoss, double learningRate, double elapsedSeconds,
                           double meanGrounding, double meanMass) {
    }

    /**
     * Runs until {@code steps} or {@code maxMinutes}, whichever comes first, saving the model into {@code out} every
     * {@code checkpointEvery} steps and at the end; the loss curve goes to {@code out/train_log.csv}.
     *
     * @return the loss curve
     */
    public List<LogPoint> run(Path out, Consumer<String> log) throws IOException {
        Files.createDirectories(out);
        List<LogPoint> curve = new ArrayList<>();
        long start = System.nanoTime();
        if (options.textWarmupSteps() > 0) {
            // before the replicas are made, so that they copy the warmed-up encoder
            double accuracy = new TextEncoderWarmup(model, world, options.seed())
                    .run(options.textWarmupSteps(), TextEncoderWarmup.BATCH, TextEncoderWarmup.LEARNING_RATE, log);
            log.accept(String.format("text warm-up done in %.0f s: the read-out names %.1f %% of the attributes "
                    + "held-out captions state right", (System.nanoTime() - start) / 1e9, 100 * accuracy));
        }
        double lossSum = 0;
        int lossCount = 0;
        int step = 0;
        NDManager manager = model.unet().parameters().manager();
        List<NDManager> replicaManagers = new ArrayList<>();
        List<TinyModel> replicas = new ArrayList<>();
        List<GradientShard> shards = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(options.shards(), r -> {
            Thread t = new Thread(r, "pretrain-shard");
            t.setDaemon(true);
            return t;
        });
        int shardSize = options.batchSize() / options.shards();
        try (AdamW adam = new AdamW(AdamWConfig.defaults(), manager);
             PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out.resolve("train_log.csv")))) {
            shards.add(new GradientShard(model, shardSize, options.grounding(), !options.freezeTextEncoder()));
            for (int i = 1; i < options.shards(); i++) {
                NDManager m = manager.newSubManager();
                replicaManagers.add(m);
                TinyModel replica = model.replica(m);
                replicas.add(replica);
                shards.add(new GradientShard(replica, shardSize, options.grounding(), !options.freezeTextEncoder()));
            }
            csv.println("step,loss,lr,seconds,grounding,mass");
            for (; step < options.steps(); step++) {
                double lr = options.learningRateAt(step);
                double loss = trainStep(step, shards, adam, lr, manager, pool);
                if (Double.isFinite(loss)) {
                    lossSum += loss;
                    lossCount++;
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                boolean last = step + 1 == options.steps() || elapsed / 60 >= options.maxMinutes();
                if ((step + 1) % options.logEvery() == 0 || last) {
                    LogPoint p = new LogPoint(step + 1, lossSum / Math.max(1, lossCount), lr, elapsed,
                            groundingSum / Math.max(1, lossCount), massSum / Math.max(1, lossCount));
                    curve.add(p);
                    csv.printf("%d,%.5f,%.6g,%.1f,%.4f,%.4f%n", p.step(), p.meanLoss(), p.learningRate(),
                            p.elapsedSeconds(), p.meanGrounding(), p.meanMass());
                    csv.flush();
                    String grounding = options.grounding().enabled()
                            ? String.format(" grounding %.3f mass %.3f", p.meanGrounding(), p.meanMass()) : "";
                    log.accept(String.format("step %d loss %.4f%s lr %.2e %.0f s (skipped so far: %d)", p.step(),
                            p.meanLoss(), grounding, lr, elapsed, skipped));
                    groundingSum = 0;
                    massSum = 0;
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
        } finally {
            pool.shutdownNow();
            shards.forEach(GradientShard::close);
            replicas.forEach(TinyModel::close);
            replicaManagers.forEach(NDManager::close);
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

    /**
     * One optimizer step: the batch's scenes, captions, timesteps and noise are drawn here (so they do not depend
     * on the number of shards), each shard computes its slice's gradient in parallel, and the mean gradient
     * updates the primary model, whose weights are then copied to the other replicas.
     */
    private double trainStep(int step, List<GradientShard> shards, AdamW adam, double lr, NDManager manager,
                             ExecutorService pool) {
        int b = options.batchSize();
        int length = model.tokenizer().maxLength();
        int size = model.imageSize();
        SplittableRandom rnd = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + step);
        List<Scene> scenes = new ArrayList<>();
        List<BufferedImage> images = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            Scene s = world.scene((long) step * b + i);
            scenes.add(s);
            images.add(renderer.render(s));
            captions.add(rnd.nextDouble() < options.captionDropout() ? "" : s.caption());
        }
        long[] ids = model.tokenIds(captions);
        int[] t = new int[b];
        float[] tf = new float[b];
        float[] weights = new float[b];
        for (int i = 0; i < b; i++) {
            t[i] = options.timesteps().draw(rnd, i, b, model.schedule().trainSteps());
            tf[i] = t[i];
            weights[i] = (float) options.lossWeight(model.schedule().x0ErrorWeight(t[i]));
        }
        int plane = 3 * size * size;
        float[] noise = GaussianNoise.samples(rnd, b * plane);
        List<Future<Double>> losses = new ArrayList<>();
        for (int k = 0; k < shards.size(); k++) {
            GradientShard shard = shards.get(k);
            int from = k * shard.size();
            int to = from + shard.size();
            shard.fill(scenes.subList(from, to), images.subList(from, to), Arrays.copyOfRange(ids, from * length, to * length),
                    Arrays.copyOfRange(noise, from * plane, to * plane), Arrays.copyOfRange(t, from, to),
                    Arrays.copyOfRange(tf, from, to), Arrays.copyOfRange(weights, from, to));
        }
        // the grounding loss is a mean over the whole batch's object tokens, which the shards split unevenly: each
        // shard divides its sum by the batch's count over the number of shards, so the shards' mean is that mean
        int grounded = 0;
        for (GradientShard shard : shards) {
            grounded += shard.groundedTokens();
        }
        double groundingDivisor = (double) grounded / shards.size();
        boolean groundThisStep = options.grounding().activeAt(step);
        for (GradientShard shard : shards) {
            losses.add(pool.submit(() -> shard.lossAndGradients(groundThisStep, groundingDivisor)));
        }
        double loss = 0;
        for (Future<Double> f : losses) {
            loss += join(f) / shards.size();
        }
        double grounding = 0;
        double mass = 0;
        for (GradientShard shard : shards) {
            grounding += shard.lastGroundingLoss() / shards.size();
            mass += shard.lastMassLoss() / shards.size();
        }
        if (Double.isFinite(loss)) {
            groundingSum += grounding;
            massSum += mass;
        }
        // the scope closes what the gradient sums, the optimizer and the weight copies make along the way: without
        // it those arrays stay attached to the model's manager for the whole run, and each step's collection
        // below gets slower as they pile up
        try (NDScope ignored = new NDScope(); NDManager scratch = manager.newSubManager()) {
            Map<String, NDArray> grads = new LinkedHashMap<>();
            for (GradientShard shard : shards) {
                shard.addGradientsTo(grads, scratch);
            }
            if (shards.size() > 1) {
                for (NDArray g : grads.values()) {
                    g.divi(shards.size());
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
            adam.update(shards.get(0).parameters(), grads, lr);
            for (int k = 1; k < shards.size(); k++) {
                shards.get(k).copyWeightsFrom(shards.get(0));
            }
        }
        // Collect garbage here, between steps, and nowhere else if we can help it: arrays DJL makes from Java memory
        // (scalar operands of mul/div among them) borrow a direct buffer that the collector frees once the Java
        // object is unreachable, while the autograd graph of the current step may still read it. Free runs
        // collected in the middle of a step showed non-finite gradients; a collection at this point is safe.
        System.gc();
        return loss;
    }

    private static double join(Future<Double> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a shard computed its gradient", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a shard's gradient failed: " + e.getCause(), e.getCause());
        }
    }
}
