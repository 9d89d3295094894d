package io.motif.merge;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * Finds target-feature rows that repeat an earlier row exactly.
 *
 * <p>CLIP's text encoder is causal, so prompts that share a prefix ("a photo of …") produce identical feature rows;
 * two identical constraints would make {@code C M⁻¹ Cᵀ} singular. The reference drops row j when
 * {@code mean|C[i] − C[j]| == 0} for some i &lt; j, which for finite values is exact equality.
 */
public final class DuplicateRows {

    private DuplicateRows() {
    }

    /** Indices (ascending) of rows equal to some earlier row. */
    public static int[] find(DMatrixRMaj rows) {
        List<Integer> removed = new ArrayList<>();
        for (int j = 1; j < rows.numRows; j++) {
            for (int i = 0; i < j; i++) {
                if (sameRow(rows, i, j)) {
                    removed.add(j);
                    break;
                }
            }
        }
        return removed.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A copy of {@code m} without the given rows (ascending). */
    public static DMatrixRMaj without(DMatrixRMaj m, int[] dropped) {
        DMatrixRMaj out = new DMatrixRMaj(m.numRows - dropped.length, m.numCols);
        int next = 0;
        int k = 0;
        for (int r = 0; r < m.numRows; r++) {
            if (k < dropped.length && dropped[k] == r) {
                k++;
                continue;
            }
            System.arraycopy(m.data, r * m.numCols, out.data, next * m.numCols, m.numCols);
            next++;
        }
        return out;
    }

    private static boolean sameRow(DMatrixRMaj m, int a, int b) {
        int n = m.numCols;
        for (int c = 0; c < n; c++) {
            if (m.data[a * n + c] != m.data[b * n + c]) {
                return false;
            }
        }
        return true;
    }
}
