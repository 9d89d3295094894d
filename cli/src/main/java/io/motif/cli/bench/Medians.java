package io.motif.cli.bench;

import java.util.Arrays;
import java.util.List;

/** The median every bench reports (noisy machines: medians, not means). */
public final class Medians {

    private Medians() {
    }

    public static double of(List<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The middle value, or the mean of the two middle ones for an even count. */
    public static double of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("the median of no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
