package io.motif.merge;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The closed-form merge of Custom Diffusion concepts (Kumari et al. 2023, §3.2), in float64.
 *
 * <p>For every cross-attention K/V matrix W0 (d_out × d) it returns
 * <pre>
 *   Ŵ = W0 + (Vᵀ − W0 Cᵀ) (C M⁻¹ Cᵀ)⁻¹ C M⁻¹,   M = C_regᵀ C_reg
 * </pre>
 * the minimiser of ‖(W − W0) C_regᵀ‖_F subject to W Cᵀ = Vᵀ, where C (m × d) stacks the text features of all
 * concepts' target prompts and V (m × d_out) holds each concept's own fine-tuned outputs on them.
 *
 * <p>Everything that does not depend on the layer is computed once here: the Gram matrix M and its Cholesky
 * factorisation, {@code D = C M⁻¹} (by solving, not inverting) and the Cholesky factorisation of the m × m matrix
 * {@code E = D Cᵀ}. A layer then costs two thin products: {@code X = (Vᵀ − W0 Cᵀ) E⁻¹} and {@code Ŵ = W0 + X D}.
 * The reference re-forms and re-factorises M for each of the 32 layers of SD 1.x; see
 * {@link PerLayerReferenceMerge}.
 */
public final class ClosedFormMerge {

    private final DMatrixRMaj targets;
    private final int[] removedRows;
    private final int rawTargetRows;
    private final DMatrixRMaj solvedTargets;
    private final SpdSolver constraintSolver;
    private final DMatrixRMaj regularizationEnergy;
    private final DMatrixRMaj constraintGram;
    private final int regularizationRows;
    private final MergeOptions options;
    private final double gramCondition;

    private ClosedFormMerge(DMatrixRMaj targets, int[] removedRows, int rawTargetRows, DMatrixRMaj solvedTargets,
                            SpdSolver constraintSolver, DMatrixRMaj regularizationEnergy, DMatrixRMaj constraintGram,
                            int regularizationRows,
                            MergeOptions options, double gramCondition) {
        this.targets = targets;
        this.removedRows = removedRows;
        this.rawTargetRows = rawTargetRows;
        this.solvedTargets = solvedTargets;
        this.constraintSolver = constraintSolver;
        this.regularizationEnergy = regularizationEnergy;
        this.constraintGram = constraintGram;
        this.regularizationRows = regularizationRows;
        this.options = options;
        this.gramCondition = gramCondition;
    }

    /**
     * Prepares the shared part of the solve.
     *
     * @param regularizationFeatures C_reg, one row per regularization-caption token (N × d)
     * @param rawTargetFeatures      all concepts' target-prompt feature rows before duplicate removal (m_raw × d)
     */
    public static ClosedFormMerge prepare(DMatrixRMaj regularizationFeatures, DMatrixRMaj rawTargetFeatures,
                                          MergeOptions options) {
        return prepare(GramMatrix.of(regularizationFeatures), regularizationFeatures.numRows, rawTargetFeatures,
                options);
    }

    /** As {@link #prepare(DMatrixRMaj, DMatrixRMaj, MergeOptions)}, from an already computed M = C_regᵀC_reg. */
    public static ClosedFormMerge prepare(DMatrixRMaj gram, int regularizationRows, DMatrixRMaj rawTargetFeatures,
                                          MergeOptions options) {
        int d = gram.numCols;
        if (rawTargetFeatures.numCols != d) {
            throw new IllegalArgumentException("target features have width " + rawTargetFeatures.numCols
                    + " but the regularization features have width " + d);
        }
        int[] removed = DuplicateRows.find(rawTargetFeatures);
        DMatrixRMaj c = DuplicateRows.without(rawTargetFeatures, removed);
        if (c.numRows == 0) {
            throw new IllegalArgumentException("no target features: every concept needs at least one target prompt");
        }
        if (c.numRows > d && options.ridge() == 0) {
            throw new IllConditionedMergeException(String.format(
                    "%d distinct target-token constraints cannot all hold exactly in a %d-dimensional feature space "
                            + "(all layers); merge fewer concepts or shorter target prompts, or pass --ridge λ to "
                            + "satisfy them in the least-squares sense", c.numRows, d));
        }
        DMatrixRMaj m = options.ridge() > 0 ? withRidge(gram, options.ridge()) : gram;
        SpdSolver gramSolver = SpdSolver.factor(m, "the regularization Gram matrix C_regᵀC_reg",
                "the regularization captions' features do not span the text-feature space (all layers are "
                        + "affected): use more or more varied captions (--captions), or pass --ridge λ (e.g. 1e-6)",
                options.conditionLimit());

        // D = C M⁻¹ = (M⁻¹ Cᵀ)ᵀ since M is symmetric
        DMatrixRMaj solved = gramSolver.solve(transpose(c));
        DMatrixRMaj dMat = transpose(solved);
        DMatrixRMaj e = new DMatrixRMaj(c.numRows, c.numRows);
        CommonOps_DDRM.mult(c, solved, e);
        symmetrize(e);
        DMatrixRMaj eSolve = options.ridge() > 0 ? withRidge(e, options.ridge()) : e;
        SpdSolver constraintSolver = SpdSolver.factor(eSolve, "the target constraint matrix C M⁻¹ Cᵀ",
                "two or more concepts' target prompts give (nearly) linearly dependent features, so their "
                        + "outputs cannot all be reproduced exactly (all layers are affected): check that each "
                        + "concept has its own modifier token and category, or pass --ridge λ (e.g. 1e-6)",
                options.conditionLimit());

        // G = D M Dᵀ turns ‖ΔW C_regᵀ‖² into trace(X G Xᵀ), an m × m quantity (G = E when there is no ridge)
        DMatrixRMaj dm = new DMatrixRMaj(c.numRows, d);
        CommonOps_DDRM.mult(dMat, gram, dm);
        DMatrixRMaj g = new DMatrixRMaj(c.numRows, c.numRows);
        CommonOps_DDRM.multTransB(dm, dMat, g);
        return new ClosedFormMerge(c, removed, rawTargetFeatures.numRows, dMat, constraintSolver, g, e,
                regularizationRows, options, gramSolver.conditionEstimate());
    }

    /**
     * Merges one layer.
     *
     * @param w0             the base model's matrix (d_out × d)
     * @param rawTargetValues V before duplicate removal (m_raw × d_out), row i = W_k c_i for the concept k that owns
     *                        target row i
     */
    public LayerMerge mergeLayer(String layer, DMatrixRMaj w0, DMatrixRMaj rawTargetValues) {
        int d = targets.numCols;
        if (w0.numCols != d) {
            throw new IllegalArgumentException(layer + ": W0 has " + w0.numCols + " columns, expected " + d);
        }
        if (rawTargetValues.numRows != rawTargetRows || rawTargetValues.numCols != w0.numRows) {
            throw new IllegalArgumentException(String.format("%s: target values are %dx%d, expected %dx%d", layer,
                    rawTargetValues.numRows, rawTargetValues.numCols, rawTargetRows, w0.numRows));
        }
        return mergeDistinct(layer, w0, DuplicateRows.without(rawTargetValues, removedRows));
    }

    /**
     * Merges one layer given V for the distinct target rows only (m × d_out, in the order of {@link #targets()}),
     * e.g. values stored by another implementation after its own duplicate removal.
     */
    public LayerMerge mergeDistinct(String layer, DMatrixRMaj w0, DMatrixRMaj v) {
        if (v.numRows != targets.numRows || v.numCols != w0.numRows || w0.numCols != targets.numCols) {
            throw new IllegalArgumentException(String.format("%s: V is %dx%d and W0 %dx%d, expected %dx%d and ?x%d",
                    layer, v.numRows, v.numCols, w0.numRows, w0.numCols, targets.numRows, w0.numRows,
                    targets.numCols));
        }
        int dOut = w0.numRows;
        int m = targets.numRows;

        // Rᵀ = V − C W0ᵀ (m × d_out), so that E Xᵀ = Rᵀ needs no transposes of large matrices
        DMatrixRMaj rT = ThinProducts.timesTransposed(targets, w0);
        CommonOps_DDRM.changeSign(rT);
        CommonOps_DDRM.addEquals(rT, v);
        DMatrixRMaj xT = constraintSolver.solve(rT);

        DMatrixRMaj w = w0.copy();
        ThinProducts.addTransposeTimes(xT, solvedTargets, w);

        double maxAbsChange = 0;
        for (int i = 0; i < w.data.length; i++) {
            double change = w.data[i] - w0.data[i];
            if (!Double.isFinite(change)) {
                throw new IllConditionedMergeException(layer + ": the merged weights are not finite; "
                        + "the system is numerically singular for this layer - pass --ridge λ (e.g. 1e-6)");
            }
            maxAbsChange = Math.max(maxAbsChange, Math.abs(change));
        }

        // C Ŵᵀ − V = (C W0ᵀ − V) + C ΔWᵀ = −Rᵀ + E₀ Xᵀ with E₀ = C M⁻¹ Cᵀ (unridged): an m × m product instead of
        // another pass over Ŵ. Rounding in forming Ŵ itself is not seen here; the tests check C Ŵᵀ directly.
        DMatrixRMaj outputs = new DMatrixRMaj(m, dOut);
        CommonOps_DDRM.mult(constraintGram, xT, outputs);
        CommonOps_DDRM.subtractEquals(outputs, rT);
        double vNorm = CommonOps_DDRM.elementSum(elementSquares(v));
        double residual = vNorm == 0 ? Math.sqrt(CommonOps_DDRM.elementSum(elementSquares(outputs)))
                : Math.sqrt(CommonOps_DDRM.elementSum(elementSquares(outputs)) / vNorm);
        if (options.ridge() == 0 && !(residual <= options.residualLimit())) {
            throw new IllConditionedMergeException(String.format(
                    "%s: the merged matrix misses its target constraints (relative residual %.3g > %.3g); the "
                            + "system is too badly conditioned for this layer - pass --ridge λ (e.g. 1e-6)",
                    layer, residual, options.residualLimit()));
        }

        // ‖ΔW C_regᵀ‖² = trace(X G Xᵀ)
        DMatrixRMaj gx = new DMatrixRMaj(m, dOut);
        CommonOps_DDRM.mult(regularizationEnergy, xT, gx);
        double regEnergy = 0;
        for (int i = 0; i < gx.data.length; i++) {
            regEnergy += gx.data[i] * xT.data[i];
        }
        double regRms = Math.sqrt(Math.max(0, regEnergy) / regularizationRows);
        double targetRms = Math.sqrt(vNorm / m);
        return new LayerMerge(w, new LayerReport(layer, residual, regRms, targetRms, maxAbsChange));
    }

    /** Merges every layer (in parallel); {@code rawTargetValues} maps each layer to its V before duplicate removal. */
    public Map<String, LayerMerge> mergeAll(Map<String, DMatrixRMaj> w0, Map<String, DMatrixRMaj> rawTargetValues) {
        List<String> layers = List.copyOf(w0.keySet());
        for (String layer : layers) {
            if (!rawTargetValues.containsKey(layer)) {
                throw new IllegalArgumentException("no target values for layer " + layer);
            }
        }
        LayerMerge[] merged = new LayerMerge[layers.size()];
        java.util.stream.IntStream.range(0, layers.size()).parallel().forEach(i -> {
            String layer = layers.get(i);
            merged[i] = mergeLayer(layer, w0.get(layer), rawTargetValues.get(layer));
        });
        Map<String, LayerMerge> out = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            out.put(layers.get(i), merged[i]);
        }
        return out;
    }

    /** Target-feature rows dropped as exact duplicates of earlier rows (indices into the raw rows). */
    public int[] removedRows() {
        return removedRows.clone();
    }

    /** The distinct target features C (m × d). */
    public DMatrixRMaj targets() {
        return targets.copy();
    }

    /** Condition estimate of the (ridged) Gram matrix M. */
    public double gramCondition() {
        return gramCondition;
    }

    /** Condition estimate of the (ridged) constraint matrix E = C M⁻¹ Cᵀ. */
    public double constraintCondition() {
        return constraintSolver.conditionEstimate();
    }

    public MergeOptions options() {
        return options;
    }

    /** One merged layer: the new matrix and its report. */
    public record LayerMerge(DMatrixRMaj weight, LayerReport report) {
    }

    private static DMatrixRMaj withRidge(DMatrixRMaj a, double lambda) {
        DMatrixRMaj out = a.copy();
        double shift = lambda * CommonOps_DDRM.trace(a) / a.numRows;
        for (int i = 0; i < a.numRows; i++) {
            out.add(i, i, shift);
        }
        return out;
    }

    private static DMatrixRMaj transpose(DMatrixRMaj a) {
        return CommonOps_DDRM.transpose(a, null);
    }

    private static void symmetrize(DMatrixRMaj a) {
        for (int i = 0; i < a.numRows; i++) {
            for (int j = 0; j < i; j++) {
                double mean = 0.5 * (a.get(i, j) + a.get(j, i));
                a.set(i, j, mean);
                a.set(j, i, mean);
            }
        }
    }

    private static DMatrixRMaj elementSquares(DMatrixRMaj a) {
        DMatrixRMaj out = new DMatrixRMaj(a.numRows, a.numCols);
        CommonOps_DDRM.elementMult(a, a, out);
        return out;
    }
}
