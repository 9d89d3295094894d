package io.motif.merge;

import org.ejml.data.DMatrixRMaj;

/**
 * The two products every merged layer needs, where one side is a large weight matrix W (d_out × d, up to
 * 1280 × 768) and the other has only m ≈ 20 rows (one per target token). General matrix-product code computes
 * these one dot product at a time, which leaves the CPU waiting on one accumulator; here each row of W is read
 * once and combined with four thin rows at a time, so the work is bounded by reading W rather than by latency.
 */
final class ThinProducts {

    private ThinProducts() {
    }

    /**
     * A Wᵀ (m × d_out) for a thin A (m × d) and a wide W (d_out × d). Blocks of four rows of A and two rows of W
     * give eight independent running sums, enough to hide the latency of the multiply-adds.
     */
    static DMatrixRMaj timesTransposed(DMatrixRMaj a, DMatrixRMaj w) {
        int m = a.numRows;
        int d = a.numCols;
        int q = w.numRows;
        if (w.numCols != d) {
            throw new IllegalArgumentException("inner dimensions differ: " + d + " vs " + w.numCols);
        }
        DMatrixRMaj out = new DMatrixRMaj(m, q);
        double[] ad = a.data;
        double[] wd = w.data;
        double[] od = out.data;
        int j = 0;
        for (; j + 1 < q; j += 2) {
            int w0 = j * d;
            int w1 = w0 + d;
            int i = 0;
            for (; i + 3 < m; i += 4) {
                int a0 = i * d;
                int a1 = a0 + d;
                int a2 = a1 + d;
                int a3 = a2 + d;
                double s00 = 0;
                double s10 = 0;
                double s20 = 0;
                double s30 = 0;
                double s01 = 0;
                double s11 = 0;
                double s21 = 0;
                double s31 = 0;
                for (int k = 0; k < d; k++) {
                    double x = wd[w0 + k];
                    double y = wd[w1 + k];
                    double b0 = ad[a0 + k];
                    double b1 = ad[a1 + k];
                    double b2 = ad[a2 + k];
                    double b3 = ad[a3 + k];
                    s00 += b0 * x;
                    s10 += b1 * x;
                    s20 += b2 * x;
                    s30 += b3 * x;
                    s01 += b0 * y;
                    s11 += b1 * y;
                    s21 += b2 * y;
                    s31 += b3 * y;
                }
                od[i * q + j] = s00;
                od[(i + 1) * q + j] = s10;
                od[(i + 2) * q + j] = s20;
                od[(i + 3) * q + j] = s30;
                od[i * q + j + 1] = s01;
                od[(i + 1) * q + j + 1] = s11;
                od[(i + 2) * q + j + 1] = s21;
                od[(i + 3) * q + j + 1] = s31;
            }
            for (; i < m; i++) {
                od[i * q + j] = dot(ad, i * d, wd, w0, d);
                od[i * q + j + 1] = dot(ad, i * d, wd, w1, d);
            }
        }
        for (; j < q; j++) {
            for (int i = 0; i < m; i++) {
                od[i * q + j] = dot(ad, i * d, wd, j * d, d);
            }
        }
        return out;
    }

    private static double dot(double[] x, int xo, double[] y, int yo, int n) {
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += x[xo + k] * y[yo + k];
        }
        return s;
    }

    /** W += Xᵀ D in place, for X (m × d_out) and D (m × d). */
    static void addTransposeTimes(DMatrixRMaj x, DMatrixRMaj dm, DMatrixRMaj w) {
        int m = x.numRows;
        int q = x.numCols;
        int d = dm.numCols;
        if (dm.numRows != m || w.numRows != q || w.numCols != d) {
            throw new IllegalArgumentException("shapes do not fit: X " + m + "x" + q + ", D " + dm.numRows + "x" + d
                    + ", W " + w.numRows + "x" + w.numCols);
        }
        double[] xd = x.data;
        double[] dd = dm.data;
        double[] wd = w.data;
        for (int j = 0; j < q; j++) {
            int wo = j * d;
            int i = 0;
            for (; i + 3 < m; i += 4) {
                double x0 = xd[i * q + j];
                double x1 = xd[(i + 1) * q + j];
                double x2 = xd[(i + 2) * q + j];
                double x3 = xd[(i + 3) * q + j];
                int d0 = i * d;
                int d1 = d0 + d;
                int d2 = d1 + d;
                int d3 = d2 + d;
                for (int k = 0; k < d; k++) {
                    wd[wo + k] += x0 * dd[d0 + k] + x1 * dd[d1 + k] + x2 * dd[d2 + k] + x3 * dd[d3 + k];
                }
            }
            for (; i < m; i++) {
                double x0 = xd[i * q + j];
                int d0 = i * d;
                for (int k = 0; k < d; k++) {
                    wd[wo + k] += x0 * dd[d0 + k];
                }
            }
        }
    }
}
