package io.motif.shapes.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.motif.diffusion.scheduler.NoiseSchedule;

import io.motif.shapes.world.Scene;

import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training step's input tensors, allocated once for the whole run and overwritten in place every step. Arrays
 * made from Java arrays borrow the memory of a direct buffer; in long runs, creating and dropping them every step
 * gave NaN losses and native crashes that went away when the garbage collector was switched off, so the
 * pretrainer keeps one fixed set alive instead.
 */
final class StepInputs implements AutoCloseable {

    private final NDManager manager;
    private final NDArray noisy;
    private final NDArray target;
    private final NDArray ids;
    private final NDArray timesteps;
    private final NDArray weights;
    private final int size;
    private final int maxLength;
    private final GroundingTargets grounding;
    private final Map<Integer, NDArray> groundingTargets = new LinkedHashMap<>();
    private NDArray shareTokens;
    private int groundedTokens;

    /**
     * @param groundingOrNull when non-null, each step also gets the grounding loss's targets for every grid side in
     *                        {@code gridSides} (those of the UNet's cross-attention layers)
     */
    StepInputs(int batch, int size, int maxLength, NDManager parent, GroundingTargets groundingOrNull,
               List<Integer> gridSides) {
        this.manager = parent.newSubManager();
        this.size = size;
        noisy = manager.zeros(new Shape(batch, 3, size, size), DataType.FLOAT32);
        target = manager.zeros(new Shape(batch, 3, size, size), DataType.FLOAT32);
        ids = manager.zeros(new Shape(batch, maxLength), DataType.INT64);
        timesteps = manager.zeros(new Shape(batch), DataType.FLOAT32);
        weights = manager.zeros(new Shape(batch), DataType.FLOAT32);
        this.maxLength = maxLength;
        this.grounding = groundingOrNull;
        if (grounding != null) {
            shareTokens = manager.zeros(new Shape(batch, maxLength), DataType.FLOAT32);
            for (int side : gridSides) {
                groundingTargets.put(side, manager.zeros(new Shape(batch, (long) side * side, maxLength), DataType.FLOAT32));
            }
        }
    }

    /**
     * Writes x_t = √ᾱ_t·x_0 + √(1−ᾱ_t)·ε and the training target (ε, or the velocity for a v-prediction schedule),
     * both computed in Java, the token ids, the timesteps and each sample's loss weight.
     */
    void fill(List<Scene> scenes, List<BufferedImage> images, long[] tokenIds, float[] eps, int[] t, float[] tf,
              float[] lossWeights, NoiseSchedule schedule) {
        float[] xt = new float[eps.length];
        float[] goal = new float[eps.length];
        float[] x0 = ImageTensors.toFloats(images);
        int per = 3 * size * size;
        for (int b = 0; b < t.length; b++) {
            float a = (float) Math.sqrt(schedule.alphaCumprod(t[b]));
            float s = (float) Math.sqrt(1.0 - schedule.alphaCumprod(t[b]));
            float[] target = schedule.targetCoefficients(t[b]);
            for (int i = b * per; i < (b + 1) * per; i++) {
                xt[i] = a * x0[i] + s * eps[i];
                goal[i] = target[0] * x0[i] + target[1] * eps[i];
            }
        }
        noisy.set(FloatBuffer.wrap(xt));
        target.set(FloatBuffer.wrap(goal));
        ids.set(LongBuffer.wrap(tokenIds));
        timesteps.set(FloatBuffer.wrap(tf));
        weights.set(FloatBuffer.wrap(lossWeights));
        if (grounding != null) {
            fillGroundingTargets(scenes, tokenIds);
        }
    }

    private void fillGroundingTargets(List<Scene> scenes, long[] tokenIds) {
        groundedTokens = 0;
        boolean firstGrid = true;
        for (Map.Entry<Integer, NDArray> e : groundingTargets.entrySet()) {
            int side = e.getKey();
            int block = side * side * maxLength;
            float[] all = new float[scenes.size() * block];
            float[] shared = new float[scenes.size() * maxLength];
            for (int b = 0; b < scenes.size(); b++) {
                long[] ids = Arrays.copyOfRange(tokenIds, b * maxLength, (b + 1) * maxLength);
                int targeted = grounding.write(scenes.get(b), ids, size, side, all, b * block, shared, b * maxLength);
                // counted on one grid: a token has a target on every grid or on none
                groundedTokens += firstGrid ? targeted : 0;
            }
            e.getValue().set(FloatBuffer.wrap(all));
            if (firstGrid) {
                shareTokens.set(FloatBuffer.wrap(shared));
            }
            firstGrid = false;
        }
    }

    /** Per grid side, the (B, side², tokens) grounding targets of this step; empty without grounding. */
    Map<Integer, NDArray> groundingTargets() {
        return groundingTargets;
    }

    /** (B, tokens): 1 for the tokens the share loss grounds; null without grounding. */
    NDArray shareTokens() {
        return shareTokens;
    }

    /** How many (sample, token) pairs of this step the share loss grounds. */
    int groundedTokens() {
        return groundedTokens;
    }

    NDArray noisy() {
        return noisy;
    }

    /** What the model should output: ε or the velocity, per the schedule's prediction type. */
    NDArray target() {
        return target;
    }

    NDArray ids() {
        return ids;
    }

    NDArray timesteps() {
        return timesteps;
    }

    /** (B) loss weight of each sample. */
    NDArray weights() {
        return weights;
    }

    @Override
    public void close() {
        manager.close();
    }
}
