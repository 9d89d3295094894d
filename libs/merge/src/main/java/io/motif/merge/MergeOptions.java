package io.motif.merge;

/**
 * Knobs of the closed-form merge.
 *
 * @param ridge          0 for the exact reference solve. λ &gt; 0 adds {@code λ·mean(diag M)·I} to M = C_regᵀC_reg and
 *                       {@code λ·mean(diag E)·I} to E = C M⁻¹ Cᵀ (scale-free, so one λ suits any feature width).
 *                       This makes a singular system solvable at the price of meeting the target constraints only
 *                       approximately (the per-layer report shows by how much). Try 1e-6 … 1e-3.
 * @param conditionLimit largest accepted condition estimate of M and E; beyond it the merge is refused. float64
 *                       leaves about 16 digits, so 1e12 keeps ~4 correct digits in the worst case.
 * @param residualLimit  largest accepted relative constraint residual ‖W Cᵀ − Vᵀ‖/‖V‖ of a layer when no ridge is
 *                       used; a larger one means rounding has swamped the solve for that layer.
 */
public record MergeOptions(double ridge, double conditionLimit, double residualLimit) {

    public static final double DEFAULT_CONDITION_LIMIT = 1e12;
    public static final double DEFAULT_RESIDUAL_LIMIT = 1e-4;

    public MergeOptions {
        if (!(ridge >= 0) || Double.isInfinite(ridge)) {
            throw new IllegalArgumentException("ridge must be a finite number >= 0, got " + ridge);
        }
        if (!(conditionLimit > 1)) {
            throw new IllegalArgumentException("conditionLimit must be > 1, got " + conditionLimit);
        }
    }

    /** The reference's exact solve: no ridge. */
    public static MergeOptions exact() {
        return new MergeOptions(0, DEFAULT_CONDITION_LIMIT, DEFAULT_RESIDUAL_LIMIT);
    }

    public static MergeOptions withRidge(double ridge) {
        return new MergeOptions(ridge, DEFAULT_CONDITION_LIMIT, DEFAULT_RESIDUAL_LIMIT);
    }
}
