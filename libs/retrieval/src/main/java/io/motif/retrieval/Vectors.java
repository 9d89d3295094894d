package io.motif.retrieval;

/** Small vector helpers shared by the encoders, the index and the benchmark. */
public final class Vectors {
    private Vectors() {
    }

    /** Scales to unit length in place (a zero vector stays zero) and returns the same array. */
    public static float[] normalizeInPlace(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum > 0) {
            float inv = (float) (1.0 / Math.sqrt(sum));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }

    public static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
