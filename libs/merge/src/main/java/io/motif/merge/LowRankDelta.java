package io.motif.merge;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A weight delta stored as two thin factors, ΔW ≈ u·v, with u = U_r·diag(s_r) (d_out × r) and v = V_rᵀ (r × d),
 * the layout of the reference's compressed checkpoints.
 *
 * @param singularValues all singular values of the original delta, descending (the kept ones and the dropped ones)
 */
public record LowRankDelta(DMatrixRMaj u, DMatrixRMaj v, double[] singularValues) {

    public int rank() {
        return u.numCols;
    }

    /** u·v (d_out × d). */
    public DMatrixRMaj product() {
        DMatrixRMaj out = new DMatrixRMaj(u.numRows, v.numCols);
        CommonOps_DDRM.mult(u, v, out);
        return out;
    }

    /** W0 + u·v. */
    public DMatrixRMaj applyTo(DMatrixRMaj base) {
        DMatrixRMaj out = base.copy();
        CommonOps_DDRM.multAdd(u, v, out);
        return out;
    }

    /**
     * ‖ΔW − u·v‖₂ in exact arithmetic: the largest dropped singular value σ_{r+1} (Eckart–Young), 0 at full rank.
     */
    public double spectralErrorBound() {
        return rank() < singularValues.length ? singularValues[rank()] : 0;
    }

    /** Number of stored values, r·(d_out + d), against d_out·d for the full matrix. */
    public long storedValues() {
        return (long) rank() * (u.numRows + v.numCols);
    }
}
