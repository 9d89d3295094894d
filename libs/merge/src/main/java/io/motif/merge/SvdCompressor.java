package io.motif.merge;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/** Truncated SVD of a weight delta (float64, EJML). */
public final class SvdCompressor {

    private SvdCompressor() {
    }

    /** ΔW → u·v with the rank chosen by {@code rule}. */
    public static LowRankDelta compress(DMatrixRMaj delta, RankRule rule) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(delta.numRows, delta.numCols, true, true, true);
        if (!svd.decompose(delta.copy())) {
            throw new IllegalStateException("SVD did not converge for a " + delta.numRows + "x" + delta.numCols
                    + " delta");
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj w = svd.getW(null);
        DMatrixRMaj vt = svd.getV(null, true);
        SingularOps_DDRM.descendingOrder(u, false, w, vt, true);
        int k = Math.min(w.numRows, w.numCols);
        double[] s = new double[k];
        for (int i = 0; i < k; i++) {
            s[i] = w.get(i, i);
        }
        int r = rule.rank(s);
        DMatrixRMaj left = new DMatrixRMaj(delta.numRows, r);
        for (int i = 0; i < delta.numRows; i++) {
            for (int j = 0; j < r; j++) {
                left.set(i, j, u.get(i, j) * s[j]);
            }
        }
        DMatrixRMaj right = new DMatrixRMaj(r, delta.numCols);
        System.arraycopy(vt.data, 0, right.data, 0, r * delta.numCols);
        return new LowRankDelta(left, right, s);
    }
}
