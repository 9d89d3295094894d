package io.motif.shapes.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One replica of motif-tiny that computes the loss gradient of one shard of a pretraining batch, in whatever thread
 * calls it. The pretrainer runs one shard per core: libtorch's own intra-op threads barely speed up this model's
 * small operations, while two replicas working on half a batch each nearly double the images per second.
 *
 * <p>Gradients are recorded through libtorch's thread-local grad mode directly, not DJL's GradientCollector, which
 * allows only one collector in the whole process at a time.
 */
final class GradientShard implements AutoCloseable {

    private final TinyModel model;
    private final Map<String, NDArray> params;
    private final StepInputs inputs;
    private final int size;

    /**
     * @param model     this shard's replica (the pretrainer's own model for shard 0)
     * @param shardSize images per step in this shard
     */
    GradientShard(TinyModel model, int shardSize) {
        this.model = model;
        this.size = shardSize;
        this.params = new LinkedHashMap<>();
        model.unet().parameters().view().forEach((k, v) -> params.put("unet." + k, v));
        model.text().parameters().view().forEach((k, v) -> params.put("text." + k, v));
        for (NDArray p : params.values()) {
            p.setRequiresGradient(true);
        }
        this.inputs = new StepInputs(shardSize, model.imageSize(), model.tokenizer().maxLength(),
                model.unet().parameters().manager());
    }

    /** Every UNet and text-encoder weight, under a prefix that keeps the two name spaces apart. */
    Map<String, NDArray> parameters() {
        return params;
    }

    int size() {
        return size;
    }

    /** Loads this shard's slice of the step's inputs (see {@link StepInputs#fill}). */
    void fill(List<BufferedImage> images, long[] tokenIds, float[] eps, int[] t, float[] tf, float[] lossWeights) {
        inputs.fill(images, tokenIds, eps, t, tf, lossWeights, model.schedule());
    }

    /**
     * Runs the forward and backward pass on the loaded inputs, leaving the gradient of the weighted loss (mean over
     * this shard) in each parameter's gradient array.
     *
     * @return the plain (unweighted) MSE of the shard, comparable across loss weightings
     */
    double lossAndGradients() {
        boolean before = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        try (NDScope ignored = new NDScope()) {
            NDArray context = model.text().forward(inputs.ids()).lastHiddenState();
            NDArray pred = model.unet().forward(inputs.noisy(), inputs.timesteps(), context);
            NDArray perSample = pred.sub(inputs.target()).square().reshape(size, -1).mean(new int[]{1});
            NDArray weighted = perSample.mul(inputs.weights()).mean();
            try (NDArray seed = weighted.onesLike()) {
                JniUtils.backward((PtNDArray) weighted, (PtNDArray) seed, false, false);
            }
            return perSample.mean().getFloat();
        } finally {
            JniUtils.setGradMode(before);
        }
    }

    /** Adds this shard's gradients to {@code sums} (copies of them, in {@code scratch}, on the first shard). */
    void addGradientsTo(Map<String, NDArray> sums, NDManager scratch) {
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            try (NDArray g = e.getValue().getGradient()) {
                NDArray sum = sums.get(e.getKey());
                if (sum == null) {
                    NDArray copy = g.duplicate();
                    copy.attach(scratch);
                    sums.put(e.getKey(), copy);
                } else {
                    sum.addi(g);
                }
                // set, not g − g: one non-finite gradient would otherwise stay NaN for the rest of the run
                g.set(new NDIndex("..."), 0f);
            }
        }
    }

    /** Overwrites this replica's weights with {@code source}'s (after the optimizer updated the primary). */
    void copyWeightsFrom(GradientShard source) {
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            e.getValue().set(new NDIndex("..."), source.params.get(e.getKey()));
        }
    }

    @Override
    public void close() {
        inputs.close();
    }
}
