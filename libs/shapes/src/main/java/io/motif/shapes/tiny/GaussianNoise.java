package io.motif.shapes.tiny;

import java.util.SplittableRandom;

/**
 * Standard normal samples from a {@link SplittableRandom} (which has no nextGaussian on Java 17), by Box–Muller.
 * Pretraining noise and weight initialisation draw from here, so a seed gives the same weights in every run.
 */
public final class GaussianNoise {

    private GaussianNoise() {
    }

    public static double sample(SplittableRandom rnd) {
        double u1 = 1.0 - rnd.nextDouble(); // in (0, 1]: log(u1) is finite
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** {@code n} samples, in draw order. */
    public static float[] samples(SplittableRandom rnd, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) sample(rnd);
        }
        return out;
    }
}
