package io.motif.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class ThinProductsTest {

    private final Random random = new Random(4);

    @Test
    void timesTransposedMatchesThePlainProduct() {
        for (int m : new int[] {1, 4, 7}) { // with and without a remainder after blocks of four
            DMatrixRMaj a = RandomMatrices.gaussian(random, m, 13, 1.0);
            DMatrixRMaj w = RandomMatrices.gaussian(random, 9, 13, 1.0);
            DMatrixRMaj expected = new DMatrixRMaj(m, 9);
            CommonOps_DDRM.multTransB(a, w, expected);
            assertThat(RandomMatrices.maxAbsDiff(ThinProducts.timesTransposed(a, w), expected)).isLessThan(1e-12);
        }
    }

    @Test
    void addTransposeTimesAddsIntoTheTarget() {
        for (int m : new int[] {1, 4, 6}) {
            DMatrixRMaj x = RandomMatrices.gaussian(random, m, 9, 1.0);
            DMatrixRMaj d = RandomMatrices.gaussian(random, m, 13, 1.0);
            DMatrixRMaj w = RandomMatrices.gaussian(random, 9, 13, 1.0);
            DMatrixRMaj expected = w.copy();
            CommonOps_DDRM.multAddTransA(x, d, expected);
            ThinProducts.addTransposeTimes(x, d, w);
            assertThat(RandomMatrices.maxAbsDiff(w, expected)).isLessThan(1e-12);
        }
    }
}
