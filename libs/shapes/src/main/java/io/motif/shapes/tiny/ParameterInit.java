package io.motif.shapes.tiny;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.motif.diffusion.nn.Parameters;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fills a {@link ParameterShapes} with seeded initial values, the defaults of the PyTorch layers the names come
 * from: convolutions and linears U(−1/√fanIn, 1/√fanIn) (kaiming-uniform with a = √5, and the same bound for
 * biases), norms weight 1 and bias 0, embeddings N(0, 0.02²) (CLIP's own init). The random numbers come from a
 * Java {@link SplittableRandom} per parameter name, so a seed gives the same model on every machine and engine.
 */
public final class ParameterInit {

    private ParameterInit() {
    }

    public static Parameters create(ParameterShapes shapes, long seed, NDManager manager) {
        Parameters p = new Parameters(manager);
        for (Map.Entry<String, ParameterShapes.Entry> e : shapes.entries().entrySet()) {
            ParameterShapes.Entry en = e.getValue();
            long n = 1;
            for (long d : en.shape()) {
                n *= d;
            }
            float[] v = new float[Math.toIntExact(n)];
            SplittableRandom rnd = new SplittableRandom(seed ^ e.getKey().hashCode() * 0x9E3779B97F4A7C15L);
            double bound = 1.0 / Math.sqrt(en.fanIn());
            for (int i = 0; i < v.length; i++) {
                switch (en.kind()) {
                    case CONV_WEIGHT, LINEAR_WEIGHT, BIAS -> v[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
                    case NORM_WEIGHT -> v[i] = 1f;
                    case NORM_BIAS -> v[i] = 0f;
                    case EMBEDDING -> v[i] = (float) (GaussianNoise.sample(rnd) * 0.02);
                }
            }
            p.put(e.getKey(), manager.create(v, new Shape(en.shape())));
        }
        return p;
    }
}
