package io.motif.diffusion.parity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Max-abs-difference helpers for parity checks. */
public final class Compare {

    private Compare() {
    }

    /** max |actual − expected| in float64; +∞ when shapes differ, NaN when either holds NaN. */
    public static double maxAbsErr(NDArray actual, NDArray expected) {
        if (!actual.getShape().equals(expected.getShape())) {
            return Double.POSITIVE_INFINITY;
        }
        NDArray a = actual.toDevice(expected.getDevice(), false).toType(DataType.FLOAT64, false);
        NDArray e = expected.toType(DataType.FLOAT64, false);
        double[] x = a.toDoubleArray();
        double[] y = e.toDoubleArray();
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            double d = Math.abs(x[i] - y[i]);
            if (Double.isNaN(d)) {
                return Double.NaN;
            }
            max = Math.max(max, d);
        }
        return max;
    }
}
