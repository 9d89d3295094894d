package io.motif.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.Test;

class SvdCompressorTest {

    @Test
    void theReferenceRuleStopsBeforeTheValueThatCrossesTheRatio() {
        double[] s = {4, 3, 2, 1}; // cumulative fractions 0.4, 0.7, 0.9, 1.0
        assertThat(new RankRule.CumulativeRatio(0.6).rank(s)).isEqualTo(1);
        assertThat(new RankRule.CumulativeRatio(0.7).rank(s)).isEqualTo(2); // 0.7 does not exceed 0.7
        assertThat(new RankRule.CumulativeRatio(0.3).rank(s)).isEqualTo(1); // would be 0: keep one direction
        assertThat(new RankRule.CumulativeRatio(1.0).rank(s)).isEqualTo(3); // never exceeded: last index
        assertThat(new RankRule.FixedRank(9).rank(s)).isEqualTo(4);
    }

    @Test
    void keepsTheChosenRankAndItsErrorIsTheFirstDroppedSingularValue() {
        Random random = new Random(5);
        // a delta of rank 6 plus small noise, as fine-tuning deltas are close to low rank
        DMatrixRMaj delta = new DMatrixRMaj(40, 24);
        CommonOps_DDRM.mult(RandomMatrices.gaussian(random, 40, 6, 1.0), RandomMatrices.gaussian(random, 6, 24, 1.0),
                delta);
        CommonOps_DDRM.addEquals(delta, RandomMatrices.gaussian(random, 40, 24, 0.01));

        LowRankDelta low = SvdCompressor.compress(delta, new RankRule.FixedRank(6));
        assertThat(low.rank()).isEqualTo(6);
        assertThat(low.u().numRows).isEqualTo(40);
        assertThat(low.v().numCols).isEqualTo(24);
        assertThat(low.storedValues()).isEqualTo(6L * (40 + 24));
        assertThat(low.singularValues()).hasSize(24);

        DMatrixRMaj error = delta.copy();
        CommonOps_DDRM.subtractEquals(error, low.product());
        double spectral = NormOps_DDRM.normP2(error);
        assertThat(spectral).isCloseTo(low.spectralErrorBound(), org.assertj.core.data.Offset.offset(1e-10));
        // the noise (σ ≈ 0.01·(√40 + √24) ≈ 0.11) is all that is left; the kept directions are far larger
        assertThat(low.spectralErrorBound()).isLessThan(0.2).isEqualTo(low.singularValues()[6]);
        assertThat(low.singularValues()[5]).isGreaterThan(1.0);

        LowRankDelta full = SvdCompressor.compress(delta, new RankRule.FixedRank(24));
        DMatrixRMaj exact = delta.copy();
        CommonOps_DDRM.subtractEquals(exact, full.product());
        assertThat(NormOps_DDRM.normF(exact)).isLessThan(1e-10);
        assertThat(full.spectralErrorBound()).isZero();
    }

    @Test
    void applyingTheFactorsAddsTheirProductToTheBase() {
        Random random = new Random(9);
        DMatrixRMaj base = RandomMatrices.gaussian(random, 12, 8, 1.0);
        LowRankDelta low = SvdCompressor.compress(RandomMatrices.gaussian(random, 12, 8, 1.0),
                new RankRule.CumulativeRatio(0.6));
        DMatrixRMaj expected = base.copy();
        CommonOps_DDRM.addEquals(expected, low.product());
        assertThat(RandomMatrices.maxAbsDiff(low.applyTo(base), expected)).isLessThan(1e-14);
        assertThat(low.rank()).isBetween(1, 7);
    }
}
