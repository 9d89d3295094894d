package io.motif.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.Test;

class ClosedFormMergeTest {

    private static final int WIDTH = 24;
    private static final int REG_ROWS = 300;

    private final Random random = new Random(11);
    private final DMatrixRMaj reg = RandomMatrices.gaussian(random, REG_ROWS, WIDTH, 1.0);

    @Test
    void meetsTheConstraintsAndAgreesWithThePerLayerReferenceSolve() {
        ConceptTargets targets = new ConceptTargets(List.of(
                RandomMatrices.gaussian(random, 5, WIDTH, 1.0), RandomMatrices.gaussian(random, 4, WIDTH, 1.0)));
        Map<String, DMatrixRMaj> base = new LinkedHashMap<>();
        Map<String, DMatrixRMaj> values = new LinkedHashMap<>();
        for (String layer : List.of("a.attn2.to_k.weight", "a.attn2.to_v.weight", "b.attn2.to_k.weight")) {
            DMatrixRMaj w0 = RandomMatrices.gaussian(random, 40, WIDTH, 0.1);
            base.put(layer, w0);
            values.put(layer, targets.rawValues(List.of(perturbed(w0), perturbed(w0))));
        }

        ClosedFormMerge merge = ClosedFormMerge.prepare(reg, targets.rawFeatures(), MergeOptions.exact());
        Map<String, ClosedFormMerge.LayerMerge> merged = merge.mergeAll(base, values);
        Map<String, DMatrixRMaj> reference =
                PerLayerReferenceMerge.merge(reg, targets.rawFeatures(), base, values);

        for (String layer : base.keySet()) {
            DMatrixRMaj w = merged.get(layer).weight();
            // W Cᵀ = Vᵀ, computed here independently of the report
            DMatrixRMaj outputs = new DMatrixRMaj(9, 40);
            CommonOps_DDRM.multTransB(targets.rawFeatures(), w, outputs);
            assertThat(RandomMatrices.maxAbsDiff(outputs, values.get(layer))).isLessThan(1e-10);
            assertThat(RandomMatrices.maxAbsDiff(w, reference.get(layer))).isLessThan(1e-10);

            LayerReport report = merged.get(layer).report();
            assertThat(report.constraintResidual()).isLessThan(1e-12);
            DMatrixRMaj change = w.copy();
            CommonOps_DDRM.subtractEquals(change, base.get(layer));
            DMatrixRMaj regOutputs = new DMatrixRMaj(REG_ROWS, 40);
            CommonOps_DDRM.multTransB(reg, change, regOutputs);
            double rms = NormOps_DDRM.normF(regOutputs) / Math.sqrt(REG_ROWS);
            assertThat(report.regularizationRms()).isCloseTo(rms, org.assertj.core.data.Percentage.withPercentage(1e-6));
            assertThat(report.maxAbsChange()).isEqualTo(RandomMatrices.maxAbs(change));
        }
    }

    @Test
    void wideFeaturesUseTheBlockedFactorisationWithTheSameResult() {
        Random wide = new Random(21);
        DMatrixRMaj regWide = RandomMatrices.gaussian(wide, 400, 160, 1.0);
        ConceptTargets targets = new ConceptTargets(List.of(RandomMatrices.gaussian(wide, 7, 160, 1.0)));
        DMatrixRMaj w0 = RandomMatrices.gaussian(wide, 30, 160, 0.1);
        DMatrixRMaj w1 = w0.copy();
        CommonOps_DDRM.addEquals(w1, RandomMatrices.gaussian(wide, 30, 160, 0.02));
        Map<String, DMatrixRMaj> base = Map.of("x", w0);
        Map<String, DMatrixRMaj> values = Map.of("x", targets.rawValues(List.of(w1)));
        DMatrixRMaj merged = ClosedFormMerge.prepare(regWide, targets.rawFeatures(), MergeOptions.exact())
                .mergeAll(base, values).get("x").weight();
        DMatrixRMaj reference = PerLayerReferenceMerge.merge(regWide, targets.rawFeatures(), base, values).get("x");
        assertThat(RandomMatrices.maxAbsDiff(merged, reference)).isLessThan(1e-10);
    }

    @Test
    void isTheMinimiserAmongAllMatricesThatMeetTheConstraints() {
        DMatrixRMaj c = RandomMatrices.gaussian(random, 6, WIDTH, 1.0);
        ConceptTargets targets = new ConceptTargets(List.of(c));
        DMatrixRMaj w0 = RandomMatrices.gaussian(random, 10, WIDTH, 0.1);
        DMatrixRMaj w = ClosedFormMerge.prepare(reg, c, MergeOptions.exact())
                .mergeLayer("x", w0, targets.rawValues(List.of(perturbed(w0)))).weight();

        // any P with P Cᵀ = 0 keeps the constraints; the objective must not decrease along it
        DMatrixRMaj p = RandomMatrices.gaussian(random, 10, WIDTH, 0.01);
        DMatrixRMaj cct = new DMatrixRMaj(6, 6);
        CommonOps_DDRM.multTransB(c, c, cct);
        CommonOps_DDRM.invert(cct);
        DMatrixRMaj pc = new DMatrixRMaj(10, 6);
        CommonOps_DDRM.multTransB(p, c, pc);
        DMatrixRMaj proj = new DMatrixRMaj(10, 6);
        CommonOps_DDRM.mult(pc, cct, proj);
        CommonOps_DDRM.multAdd(-1, proj, c, p);

        double best = objective(w, w0);
        for (double t : new double[] {-1, -0.1, 0.1, 1}) {
            DMatrixRMaj other = w.copy();
            CommonOps_DDRM.addEquals(other, t, p);
            assertThat(objective(other, w0)).isGreaterThan(best);
        }
    }

    @Test
    void dropsDuplicateTargetRowsBeforeSolving() {
        DMatrixRMaj first = RandomMatrices.gaussian(random, 4, WIDTH, 1.0);
        DMatrixRMaj second = RandomMatrices.gaussian(random, 4, WIDTH, 1.0);
        // a shared prompt prefix gives the second concept two rows identical to the first concept's
        System.arraycopy(first.data, 0, second.data, 0, 2 * WIDTH);
        ConceptTargets targets = new ConceptTargets(List.of(first, second));
        DMatrixRMaj w0 = RandomMatrices.gaussian(random, 8, WIDTH, 0.1);

        ClosedFormMerge merge = ClosedFormMerge.prepare(reg, targets.rawFeatures(), MergeOptions.exact());
        assertThat(merge.removedRows()).containsExactly(4, 5);
        LayerReport report = merge.mergeLayer("x", w0, targets.rawValues(List.of(perturbed(w0), perturbed(w0))))
                .report();
        assertThat(report.constraintResidual()).isLessThan(1e-12);
    }

    @Test
    void linearlyDependentTargetsGiveAClearErrorAndARidgeSolvesThem() {
        DMatrixRMaj first = RandomMatrices.gaussian(random, 3, WIDTH, 1.0);
        DMatrixRMaj second = RandomMatrices.gaussian(random, 3, WIDTH, 1.0);
        // not a duplicate, but a multiple of another concept's row: C has rank m − 1
        for (int j = 0; j < WIDTH; j++) {
            second.set(2, j, 2 * first.get(0, j));
        }
        DMatrixRMaj raw = new ConceptTargets(List.of(first, second)).rawFeatures();

        assertThatThrownBy(() -> ClosedFormMerge.prepare(reg, raw, MergeOptions.exact()))
                .isInstanceOf(IllConditionedMergeException.class)
                .hasMessageContaining("target constraint matrix")
                .hasMessageContaining("--ridge");

        DMatrixRMaj w0 = RandomMatrices.gaussian(random, 8, WIDTH, 0.1);
        ConceptTargets targets = new ConceptTargets(List.of(first, second));
        ClosedFormMerge.LayerMerge merged = ClosedFormMerge.prepare(reg, raw, MergeOptions.withRidge(1e-6))
                .mergeLayer("x", w0, targets.rawValues(List.of(perturbed(w0), perturbed(w0))));
        for (double v : merged.weight().data) {
            assertThat(Double.isFinite(v)).isTrue();
        }
        assertThat(merged.report().constraintResidual()).isGreaterThan(1e-12).isLessThan(0.5);
    }

    @Test
    void captionsThatDoNotSpanTheFeatureSpaceGiveAClearError() {
        DMatrixRMaj flat = reg.copy();
        for (int i = 0; i < flat.numRows; i++) {
            flat.set(i, 7, 0); // no caption token ever uses feature 7: M is singular
        }
        DMatrixRMaj c = RandomMatrices.gaussian(random, 3, WIDTH, 1.0);
        assertThatThrownBy(() -> ClosedFormMerge.prepare(flat, c, MergeOptions.exact()))
                .isInstanceOf(IllConditionedMergeException.class)
                .hasMessageContaining("regularization Gram matrix")
                .hasMessageContaining("--captions");
    }

    @Test
    void moreConstraintsThanFeatureDimensionsAreRefusedWithoutARidge() {
        DMatrixRMaj c = RandomMatrices.gaussian(random, WIDTH + 1, WIDTH, 1.0);
        assertThatThrownBy(() -> ClosedFormMerge.prepare(reg, c, MergeOptions.exact()))
                .isInstanceOf(IllConditionedMergeException.class)
                .hasMessageContaining("25 distinct target-token constraints");
    }

    private DMatrixRMaj perturbed(DMatrixRMaj w0) {
        DMatrixRMaj w = w0.copy();
        CommonOps_DDRM.addEquals(w, RandomMatrices.gaussian(random, w0.numRows, w0.numCols, 0.02));
        return w;
    }

    private double objective(DMatrixRMaj w, DMatrixRMaj w0) {
        DMatrixRMaj change = w.copy();
        CommonOps_DDRM.subtractEquals(change, w0);
        DMatrixRMaj out = new DMatrixRMaj(REG_ROWS, w.numRows);
        CommonOps_DDRM.multTransB(reg, change, out);
        return NormOps_DDRM.normF(out);
    }
}
