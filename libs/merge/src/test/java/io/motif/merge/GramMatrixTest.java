package io.motif.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class GramMatrixTest {

    @Test
    void matchesThePlainFloat64ProductAndIsExactlySymmetric() {
        DMatrixRMaj c = RandomMatrices.gaussian(new Random(3), 263, 37, 1.0);
        DMatrixRMaj expected = new DMatrixRMaj(37, 37);
        CommonOps_DDRM.multTransA(c, c, expected);
        DMatrixRMaj gram = GramMatrix.of(c);
        // float64 throughout: a float32 product would be off by ~1e-5 here
        assertThat(RandomMatrices.maxAbsDiff(gram, expected)).isLessThan(1e-10);
        assertThat(gram.get(5, 30)).isEqualTo(gram.get(30, 5));
    }
}
