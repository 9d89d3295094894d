package io.motif.diffusion.scheduler;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.SplittableRandom;

/**
 * Seeded standard-normal noise drawn in Java (Box–Muller over SplittableRandom), so a seed gives the same
 * latents on every device and engine version.
 */
public final class GaussianNoise {

    private final SplittableRandom random;

    public GaussianNoise(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public float[] nextFloats(int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i += 2) {
            double u1 = random.nextDouble();
            double u2 = random.nextDouble();
            double r = Math.sqrt(-2.0 * Math.log(1.0 - u1));
            out[i] = (float) (r * Math.cos(2 * Math.PI * u2));
            if (i + 1 < n) {
                out[i + 1] = (float) (r * Math.sin(2 * Math.PI * u2));
            }
        }
        return out;
    }

    public NDArray next(NDManager manager, Shape shape, Device device) {
        return manager.create(nextFloats(Math.toIntExact(shape.size())), shape).toDevice(device, false);
    }

    public NDArray nextLike(NDArray like) {
        return next(like.getManager(), like.getShape(), like.getDevice());
    }
}
