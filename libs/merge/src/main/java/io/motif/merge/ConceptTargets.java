package io.motif.merge;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The target-prompt features of every concept in merge order, and the constraint values built from them.
 *
 * <p>Concept k contributes the feature rows C_k of its own target prompts; its constraint values are the outputs
 * of its own fine-tuned matrix on them, V_k = C_k W_kᵀ. Stacking all concepts gives the raw C and V of the
 * merge (before duplicate rows are dropped).
 */
public final class ConceptTargets {

    private final List<DMatrixRMaj> features;
    private final DMatrixRMaj stacked;

    public ConceptTargets(List<DMatrixRMaj> featuresPerConcept) {
        if (featuresPerConcept.isEmpty()) {
            throw new IllegalArgumentException("at least one concept is needed");
        }
        int width = featuresPerConcept.get(0).numCols;
        int rows = 0;
        for (DMatrixRMaj f : featuresPerConcept) {
            if (f.numCols != width) {
                throw new IllegalArgumentException("concept features differ in width: " + f.numCols + " vs " + width);
            }
            rows += f.numRows;
        }
        this.features = List.copyOf(featuresPerConcept);
        this.stacked = new DMatrixRMaj(rows, width);
        int row = 0;
        for (DMatrixRMaj f : features) {
            CommonOps_DDRM.insert(f, stacked, row, 0);
            row += f.numRows;
        }
    }

    /** All concepts' feature rows, stacked in concept order (m_raw × d). */
    public DMatrixRMaj rawFeatures() {
        return stacked;
    }

    public int concepts() {
        return features.size();
    }

    /** V_raw for one layer: concept k's rows are C_k W_kᵀ, where {@code finetuned.get(k)} is W_k (d_out × d). */
    public DMatrixRMaj rawValues(List<DMatrixRMaj> finetuned) {
        if (finetuned.size() != features.size()) {
            throw new IllegalArgumentException(finetuned.size() + " fine-tuned matrices for " + features.size()
                    + " concepts");
        }
        int dOut = finetuned.get(0).numRows;
        DMatrixRMaj values = new DMatrixRMaj(stacked.numRows, dOut);
        int row = 0;
        for (int k = 0; k < features.size(); k++) {
            DMatrixRMaj c = features.get(k);
            DMatrixRMaj block = ThinProducts.timesTransposed(c, finetuned.get(k));
            CommonOps_DDRM.insert(block, values, row, 0);
            row += c.numRows;
        }
        return values;
    }
}
