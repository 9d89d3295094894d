package io.motif.merge;

import static org.assertj.core.api.Assertions.assertThat;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class DuplicateRowsTest {

    @Test
    void dropsEveryRowThatRepeatsAnEarlierOne() {
        DMatrixRMaj rows = new DMatrixRMaj(new double[][] {
                {1, 2}, {3, 4}, {1, 2}, {1, 2.0000001}, {3, 4}, {5, 6}});
        int[] removed = DuplicateRows.find(rows);
        assertThat(removed).containsExactly(2, 4);
        DMatrixRMaj kept = DuplicateRows.without(rows, removed);
        assertThat(kept.numRows).isEqualTo(4);
        assertThat(kept.get(2, 1)).isEqualTo(2.0000001);
        assertThat(kept.get(3, 0)).isEqualTo(5);
    }
}
