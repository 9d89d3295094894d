package io.motif.merge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ejml.data.DMatrixRMaj;

/**
 * Computes the Gram matrix {@code CᵀC} of a tall feature matrix (rows = token features).
 *
 * <p>This is the one expensive product of a merge (about N·d² multiply-adds for N caption tokens of width d), so it
 * runs as a float64 matrix product in libtorch's BLAS rather than in Java: on two cores that measured about 0.17 s
 * against 0.45–0.55 s for a blocked, triangle-only Java kernel at Stable Diffusion 1.5 scale (7928 × 768). The
 * result is symmetrised exactly, since the Cholesky factorisation that follows reads one triangle.
 */
public final class GramMatrix {

    private GramMatrix() {
    }

    /** {@code CᵀC}, symmetric, float64. */
    public static DMatrixRMaj of(DMatrixRMaj c) {
        int d = c.numCols;
        double[] g;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(c.data, new Shape(c.numRows, d));
            g = x.transpose().matMul(x).toDoubleArray();
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                double mean = 0.5 * (g[i * d + j] + g[j * d + i]);
                g[i * d + j] = mean;
                g[j * d + i] = mean;
            }
        }
        return DMatrixRMaj.wrap(d, d, g);
    }
}
