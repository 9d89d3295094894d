package io.motif.merge;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The reference's per-layer solve (composenW's {@code gdupdateWexact}), in float64: for every layer it forms
 * M = C_regᵀC_reg again, LU-factorises it, solves for D = C M⁻¹, forms E = D Cᵀ and inverts E explicitly.
 *
 * <p>Kept only as the baseline that {@link ClosedFormMerge} is measured against (same result, one shared
 * factorisation instead of one per layer) and as an independent check of it in the tests.
 */
public final class PerLayerReferenceMerge {

    private PerLayerReferenceMerge() {
    }

    public static Map<String, DMatrixRMaj> merge(DMatrixRMaj regularizationFeatures, DMatrixRMaj rawTargetFeatures,
                                                 Map<String, DMatrixRMaj> w0,
                                                 Map<String, DMatrixRMaj> rawTargetValues) {
        int[] removed = DuplicateRows.find(rawTargetFeatures);
        DMatrixRMaj c = DuplicateRows.without(rawTargetFeatures, removed);
        Map<String, DMatrixRMaj> out = new LinkedHashMap<>();
        for (Map.Entry<String, DMatrixRMaj> layer : w0.entrySet()) {
            DMatrixRMaj v = DuplicateRows.without(rawTargetValues.get(layer.getKey()), removed);
            out.put(layer.getKey(), mergeLayer(regularizationFeatures, c, layer.getValue(), v));
        }
        return out;
    }

    private static DMatrixRMaj mergeLayer(DMatrixRMaj cReg, DMatrixRMaj c, DMatrixRMaj w0, DMatrixRMaj v) {
        int d = cReg.numCols;
        int m = c.numRows;
        // the same Gram kernel as ClosedFormMerge, so a comparison measures the shared factorisation, not the kernel
        DMatrixRMaj gram = GramMatrix.of(cReg);
        LinearSolverDense<DMatrixRMaj> lu = LinearSolverFactory_DDRM.lu(d);
        if (!lu.setA(gram)) {
            throw new IllConditionedMergeException("singular regularization Gram matrix");
        }
        DMatrixRMaj solved = new DMatrixRMaj(d, m);
        lu.solve(CommonOps_DDRM.transpose(c, null), solved);
        DMatrixRMaj dMat = CommonOps_DDRM.transpose(solved, null);
        DMatrixRMaj e = new DMatrixRMaj(m, m);
        CommonOps_DDRM.multTransB(dMat, c, e);
        if (!CommonOps_DDRM.invert(e)) {
            throw new IllConditionedMergeException("singular target constraint matrix");
        }
        DMatrixRMaj r = new DMatrixRMaj(w0.numRows, m);
        CommonOps_DDRM.multTransB(w0, c, r);
        CommonOps_DDRM.changeSign(r);
        CommonOps_DDRM.addEquals(r, CommonOps_DDRM.transpose(v, null));
        DMatrixRMaj re = new DMatrixRMaj(w0.numRows, m);
        CommonOps_DDRM.mult(r, e, re);
        DMatrixRMaj w = w0.copy();
        CommonOps_DDRM.multAdd(re, dMat, w);
        return w;
    }
}
