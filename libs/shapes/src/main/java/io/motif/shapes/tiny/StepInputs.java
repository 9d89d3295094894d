package io.motif.shapes.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.motif.diffusion.scheduler.NoiseSchedule;

import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.List;

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

    StepInputs(int batch, int size, int maxLength, NDManager parent) {
        this.manager = parent.newSubManager();
        this.size = size;
        noisy = manager.zeros(new Shape(batch, 3, size, size), DataType.FLOAT32);
        target = manager.zeros(new Shape(batch, 3, size, size), DataType.FLOAT32);
        ids = manager.zeros(new Shape(batch, maxLength), DataType.INT64);
        timesteps = manager.zeros(new Shape(batch), DataType.FLOAT32);
        weights = manager.zeros(new Shape(batch), DataType.FLOAT32);
    }

    /**
     * Writes x_t = √ᾱ_t·x_0 + √(1−ᾱ_t)·ε and the training target (ε, or the velocity for a v-prediction schedule),
     * both computed in Java, the token ids, the timesteps and each sample's loss weight.
     */
    void fill(List<BufferedImage> images, long[] tokenIds, float[] eps, int[] t, float[] tf, float[] lossWeights,
              NoiseSchedule schedule) {
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
