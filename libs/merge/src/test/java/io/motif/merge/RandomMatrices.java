package io.motif.merge;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;

/** Seeded Gaussian matrices for the tests. */
final class RandomMatrices {

    private RandomMatrices() {
    }

    static DMatrixRMaj gaussian(Random random, int rows, int cols, double scale) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = scale * random.nextGaussian();
        }
        return m;
    }

    static double maxAbsDiff(DMatrixRMaj a, DMatrixRMaj b) {
        double max = 0;
        for (int i = 0; i < a.data.length; i++) {
            max = Math.max(max, Math.abs(a.data[i] - b.data[i]));
        }
        return max;
    }

    static double maxAbs(DMatrixRMaj a) {
        double max = 0;
        for (double v : a.data) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
