package io.motif.shapes.tiny;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.motif.shapes.world.Prompt;
import io.motif.shapes.world.ShapesWorld;
import io.motif.training.optim.AdamW;
import io.motif.training.optim.AdamWConfig;
import io.motif.training.optim.GlobalNormClipping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Gives motif-tiny's text encoder a head start before the UNet trains, standing in for the pretrained CLIP encoder
 * that Stable Diffusion starts from. Trained only through the denoising loss, the encoder learns to tell apart only
 * the words the UNet already uses, and the UNet can use only words the encoder tells apart: in the committed
 * recipe colours were learnt, but position words moved the encoder's output by ≈ 5 % and were never used. Here the
 * encoder first learns, on captions alone, to make every stated colour, shape, size and grid cell readable by a
 * cross-attention query per cell ({@link CaptionReadout}); then the read-out is dropped and pretraining goes on as
 * before, the encoder still trainable.
 *
 * <p>Captions come from their own slice of the world (scene numbers from {@link #FIRST_SCENE} on), so the warm-up
 * never sees a caption of the UNet's training scenes.
 */
final class TextEncoderWarmup {

    static final long FIRST_SCENE = 4_000_000_000L;
    static final int BATCH = 64;
    static final double LEARNING_RATE = 1e-3;

    private final TinyModel model;
    private final ShapesWorld world;
    private final long seed;

    TextEncoderWarmup(TinyModel model, ShapesWorld world, long seed) {
        this.model = model;
        this.world = world;
        this.seed = seed;
    }

    /**
     * Trains the encoder and a fresh read-out for {@code steps} steps of {@code batch} captions at {@code lr};
     * returns the read-out's accuracy on captions it did not train on.
     */
    double run(int steps, int batch, double lr, Consumer<String> log) {
        NDManager manager = model.text().parameters().manager();
        Map<String, NDArray> params = new LinkedHashMap<>();
        model.text().parameters().view().forEach((k, v) -> params.put("text." + k, v));
        params.values().forEach(p -> p.setRequiresGradient(true));
        long next = FIRST_SCENE;
        int skipped = 0;
        try (NDManager own = manager.newSubManager(); AdamW adam = new AdamW(AdamWConfig.defaults(), own)) {
            CaptionReadout readout = new CaptionReadout(model.text().config().hiddenSize(), seed, own);
            params.putAll(readout.parameters());
            for (int step = 0; step < steps; step++) {
                List<Prompt> prompts = new ArrayList<>();
                next = collect(next, batch, prompts);
                try (NDScope ignored = new NDScope(); NDManager scratch = own.newSubManager()) {
                    Map<String, NDArray> grads = new LinkedHashMap<>();
                    double loss;
                    try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                        NDArray objective = CaptionReadout.loss(readout.logits(encode(prompts, scratch)),
                                oneHot(prompts, scratch));
                        collector.backward(objective);
                        loss = objective.getFloat();
                    }
                    for (Map.Entry<String, NDArray> e : params.entrySet()) {
                        NDArray g = e.getValue().getGradient().duplicate();
                        g.attach(scratch);
                        grads.put(e.getKey(), g);
                    }
                    if (Double.isFinite(loss) && Float.isFinite(GlobalNormClipping.totalNorm(grads.values()))) {
                        adam.update(params, grads, lr);
                    } else {
                        // dropped, not applied: one non-finite update would turn every weight into NaN (the
                        // pretrainer does the same, see TinyPretrainer)
                        skipped++;
                    }
                    clearGradients(params);
                    if ((step + 1) % 100 == 0 || step + 1 == steps) {
                        log.accept(String.format("text warm-up step %d loss %.4f (skipped so far: %d)", step + 1,
                                loss, skipped));
                    }
                }
                // between steps only, as in TinyPretrainer: a collection in the middle of a step can free a buffer
                // the autograd graph still reads
                System.gc();
            }
            double accuracy = heldOutAccuracy(readout, next, batch, own);
            params.keySet().removeIf(k -> k.startsWith("readout."));
            clearGradients(params);
            return accuracy;
        }
    }

    private double heldOutAccuracy(CaptionReadout readout, long from, int batch, NDManager manager) {
        List<Prompt> prompts = new ArrayList<>();
        collect(from, batch, prompts);
        try (NDScope ignored = new NDScope(); NDManager scratch = manager.newSubManager()) {
            return CaptionReadout.accuracy(readout.logits(encode(prompts, scratch)), oneHot(prompts, scratch));
        }
    }

    /** Adds the next {@code count} readable prompts from scene {@code from} on; returns the scene after the last. */
    private long collect(long from, int count, List<Prompt> out) {
        long i = from;
        while (out.size() < count) {
            Prompt p = world.scene(i++).prompt();
            if (CaptionReadout.targetsOf(p) != null) {
                out.add(p);
            }
        }
        return i;
    }

    private NDArray encode(List<Prompt> prompts, NDManager scratch) {
        long[] ids = model.tokenIds(prompts.stream().map(Prompt::text).toList());
        NDArray idArray = scratch.create(ids, new Shape(prompts.size(), model.tokenizer().maxLength()));
        return model.text().forward(idArray).lastHiddenState();
    }

    private static List<NDArray> oneHot(List<Prompt> prompts, NDManager scratch) {
        List<int[][]> targets = new ArrayList<>();
        for (Prompt p : prompts) {
            targets.add(CaptionReadout.targetsOf(p));
        }
        return CaptionReadout.oneHot(targets, scratch);
    }

    /** Leaves no gradient behind for the pretraining steps that follow (libtorch adds into what is there). */
    private static void clearGradients(Map<String, NDArray> params) {
        for (NDArray p : params.values()) {
            try (NDArray g = p.getGradient()) {
                g.set(new NDIndex("..."), 0f);
            }
        }
    }
}
