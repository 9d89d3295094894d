package io.motif.shapes.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.motif.diffusion.unet.ForwardOptions;
import io.motif.diffusion.unet.UNetConfig;
import io.motif.shapes.world.Scene;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

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
    private final GroundingOptions grounding;
    private double lastGroundingLoss;
    private double lastMassLoss;

    /**
     * @param model           this shard's replica (the pretrainer's own model for shard 0)
     * @param shardSize       images per step in this shard
     * @param grounding       the grounding loss added to the denoising loss, if any
     * @param trainsText      whether the text encoder's weights train too (if not, they get no gradient and are
     *                        not among {@link #parameters()})
     */
    GradientShard(TinyModel model, int shardSize, GroundingOptions grounding, boolean trainsText) {
        this.model = model;
        this.size = shardSize;
        this.params = new LinkedHashMap<>();
        model.unet().parameters().view().forEach((k, v) -> params.put("unet." + k, v));
        if (trainsText) {
            model.text().parameters().view().forEach((k, v) -> params.put("text." + k, v));
        } else {
            // the warm-up left them recording gradients: without this the encoder's backward pass would still run
            model.text().parameters().view().values().forEach(p -> p.setRequiresGradient(false));
        }
        for (NDArray p : params.values()) {
            p.setRequiresGradient(true);
        }
        this.grounding = grounding;
        this.inputs = new StepInputs(shardSize, model.imageSize(), model.tokenizer().maxLength(),
                model.unet().parameters().manager(),
                grounding.enabled() ? new GroundingTargets(model.tokenizer(), grounding.words()) : null,
                crossAttentionGridSides(model.unet().config(), model.imageSize()));
    }

    /** The side of the square grid each cross-attention level of the UNet works on. */
    static List<Integer> crossAttentionGridSides(UNetConfig c, int imageSize) {
        TreeSet<Integer> sides = new TreeSet<>();
        for (int i = 0; i < c.downBlockTypes().size(); i++) {
            if (c.downBlockTypes().get(i).startsWith("CrossAttn")) {
                sides.add(imageSize >> i);
            }
        }
        if (c.hasMidBlock()) {
            sides.add(imageSize >> (c.downBlockTypes().size() - 1));
        }
        return new ArrayList<>(sides);
    }

    /** Every trained UNet and text-encoder weight, under a prefix that keeps the two name spaces apart. */
    Map<String, NDArray> parameters() {
        return params;
    }

    int size() {
        return size;
    }

    /** Loads this shard's slice of the step's inputs (see {@link StepInputs#fill}). */
    void fill(List<Scene> scenes, List<BufferedImage> images, long[] tokenIds, float[] eps, int[] t, float[] tf,
              float[] lossWeights) {
        inputs.fill(scenes, images, tokenIds, eps, t, tf, lossWeights, model.schedule());
    }

    /** How many (sample, token) pairs of the loaded slice have a grounding target. */
    int groundedTokens() {
        return inputs.groundedTokens();
    }

    /** The mass loss of the last {@link #lossAndGradients} (unweighted; 0 without it). */
    double lastMassLoss() {
        return lastMassLoss;
    }

    /** The share loss of the last {@link #lossAndGradients} (unweighted; 0 without grounding). */
    double lastGroundingLoss() {
        return lastGroundingLoss;
    }

    /**
     * Runs the forward and backward pass on the loaded inputs, leaving the gradient of the weighted loss (mean over
     * this shard) in each parameter's gradient array.
     *
     * @param grounded         whether this step adds the grounding losses (if not, the maps are not even collected)
     * @param groundingDivisor see {@link GroundingLoss#share}
     * @return the plain (unweighted) MSE of the shard, comparable across loss weightings
     */
    double lossAndGradients(boolean grounded, double groundingDivisor) {
        boolean before = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        try (NDScope ignored = new NDScope()) {
            NDArray context = model.text().forward(inputs.ids()).lastHiddenState();
            List<NDArray> maps = grounded ? new ArrayList<>() : null;
            NDArray pred = model.unet().forward(inputs.noisy(), inputs.timesteps(), context,
                    new ForwardOptions(false, null, maps, grounding.sparesTextEncoder()));
            NDArray perSample = pred.sub(inputs.target()).square().reshape(size, -1).mean(new int[]{1});
            NDArray weighted = perSample.mul(inputs.weights()).mean();
            lastGroundingLoss = 0;
            lastMassLoss = 0;
            if (maps != null && grounding.weight() > 0 && inputs.groundedTokens() > 0) {
                NDArray loss = GroundingLoss.share(maps, inputs.groundingTargets(), inputs.shareTokens(),
                        groundingDivisor, grounding.pooledHeads());
                lastGroundingLoss = loss.getFloat();
                weighted = weighted.add(loss.mul((float) grounding.weight()));
            }
            if (maps != null && grounding.massWeight() > 0) {
                NDArray loss = GroundingLoss.mass(maps, inputs.groundingTargets(), grounding.pooledHeads());
                lastMassLoss = loss.getFloat();
                weighted = weighted.add(loss.mul((float) grounding.massWeight()));
            }
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
