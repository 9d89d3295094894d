package io.motif.merge;

/** How many singular directions of a weight delta to keep. */
public sealed interface RankRule permits RankRule.CumulativeRatio, RankRule.FixedRank {

    /** The rank to keep, given the singular values in descending order. Always in [1, values.length]. */
    int rank(double[] descendingSingularValues);

    /**
     * The reference rule ({@code src/compress.py}): walk the singular values accumulating s_k / Σs (plain, not
     * squared) and stop at the first k where the sum exceeds {@code ratio}; keep the k values before it, i.e. the
     * crossing value itself is excluded. When that would keep nothing (the first value alone exceeds the ratio) one
     * direction is kept instead, so a compressed delta never silently drops the whole fine-tuning.
     */
    record CumulativeRatio(double ratio) implements RankRule {
        public CumulativeRatio {
            if (!(ratio > 0 && ratio <= 1)) {
                throw new IllegalArgumentException("ratio must be in (0, 1], got " + ratio);
            }
        }

        @Override
        public int rank(double[] s) {
            double total = 0;
            for (double v : s) {
                total += v;
            }
            if (total == 0) {
                return 1;
            }
            double explained = 0;
            int rank = s.length - 1; // the reference loop ends on the last index when the ratio is never exceeded
            for (int i = 0; i < s.length; i++) {
                explained += s[i] / total;
                if (explained > ratio) {
                    rank = i;
                    break;
                }
            }
            return Math.max(1, rank);
        }
    }

    /** Keep exactly {@code rank} directions (fewer only if the matrix has fewer). */
    record FixedRank(int rank) implements RankRule {
        public FixedRank {
            if (rank < 1) {
                throw new IllegalArgumentException("rank must be >= 1, got " + rank);
            }
        }

        @Override
        public int rank(double[] s) {
            return Math.min(rank, s.length);
        }
    }
}
