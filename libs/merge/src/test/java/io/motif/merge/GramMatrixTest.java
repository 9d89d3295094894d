package io.motif.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class GramMatrixTest {

    @Test
    void matchesThePlainProductForAnyRowCountAndThreadCount() {
        // 263 rows: several row blocks plus a tail that is not a multiple of four
        DMatrixRMaj c = RandomMatrices.gaussian(new Random(3), 263, 37, 1.0);
        DMatrixRMaj expected = new DMatrixRMaj(37, 37);
        CommonOps_DDRM.multTransA(c, c, expected);
        for (int threads : new int[] {1, 2, 3}) {
            DMatrixRMaj gram = GramMatrix.of(c, threads);
            assertThat(RandomMatrices.maxAbsDiff(gram, expected)).as("threads=%d", threads).isLessThan(1e-10);
            assertThat(gram.get(5, 30)).isEqualTo(gram.get(30, 5));
        }
    }
}
