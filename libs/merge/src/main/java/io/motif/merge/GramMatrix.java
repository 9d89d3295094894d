package io.motif.merge;

import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;

/**
 * Computes the Gram matrix {@code CᵀC} of a tall feature matrix (rows = token features).
 *
 * <p>This is the one expensive product of a merge (about N·d²/2 multiply-adds for N caption tokens of width d),
 * so it gets its own kernel instead of a general matrix product: only the upper triangle is accumulated, four
 * feature rows are folded into each pass over a row of the result (one load/store of the accumulator per four
 * multiply-adds), rows of C are visited in cache-sized blocks, and result rows are dealt round-robin to threads
 * so that each thread gets a similar share of the triangle.
 */
public final class GramMatrix {

    /** Rows of C per block; 128 rows of 768 doubles (~0.8 MB) stay in L2 while every result row is updated. */
    private static final int ROW_BLOCK = 128;

    private GramMatrix() {
    }

    /** {@code CᵀC}, symmetric, using all available processors. */
    public static DMatrixRMaj of(DMatrixRMaj c) {
        return of(c, Runtime.getRuntime().availableProcessors());
    }

    /** {@code CᵀC}, symmetric, on at most {@code threads} threads. */
    public static DMatrixRMaj of(DMatrixRMaj c, int threads) {
        int d = c.numCols;
        DMatrixRMaj gram = new DMatrixRMaj(d, d);
        int parts = Math.max(1, Math.min(threads, d));
        if (parts == 1) {
            accumulateUpper(c, gram.data, 0, 1);
        } else {
            IntStream.range(0, parts).parallel().forEach(p -> accumulateUpper(c, gram.data, p, parts));
        }
        double[] g = gram.data;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                g[i * d + j] = g[j * d + i];
            }
        }
        return gram;
    }

    /** Adds the upper-triangle rows {@code i ≡ part (mod parts)} of CᵀC into {@code g}. */
    private static void accumulateUpper(DMatrixRMaj cm, double[] g, int part, int parts) {
        int n = cm.numRows;
        int d = cm.numCols;
        double[] c = cm.data;
        for (int r0 = 0; r0 < n; r0 += ROW_BLOCK) {
            int r1 = Math.min(n, r0 + ROW_BLOCK);
            for (int i = part; i < d; i += parts) {
                int out = i * d;
                int r = r0;
                for (; r + 3 < r1; r += 4) {
                    int o0 = r * d;
                    int o1 = o0 + d;
                    int o2 = o1 + d;
                    int o3 = o2 + d;
                    double a0 = c[o0 + i];
                    double a1 = c[o1 + i];
                    double a2 = c[o2 + i];
                    double a3 = c[o3 + i];
                    for (int j = i; j < d; j++) {
                        g[out + j] += a0 * c[o0 + j] + a1 * c[o1 + j] + a2 * c[o2 + j] + a3 * c[o3 + j];
                    }
                }
                for (; r < r1; r++) {
                    int o0 = r * d;
                    double a0 = c[o0 + i];
                    for (int j = i; j < d; j++) {
                        g[out + j] += a0 * c[o0 + j];
                    }
                }
            }
        }
    }
}
