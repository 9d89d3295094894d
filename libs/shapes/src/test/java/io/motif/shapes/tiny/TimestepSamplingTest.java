package io.motif.shapes.tiny;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimestepSamplingTest {

    private static final int BATCH = 32;
    private static final int TRAIN_STEPS = 1000;

    @Test
    void theLowShareOfEachBatchStaysBelowItsBoundAndTheRestSpansTheSchedule() {
        TimestepSampling sampling = new TimestepSampling(0.5, 400);
        SplittableRandom rnd = new SplittableRandom(3);
        int lowMax = 0;
        int restMax = 0;
        int restMin = TRAIN_STEPS;
        for (int batch = 0; batch < 200; batch++) {
            for (int i = 0; i < BATCH; i++) {
                int t = sampling.draw(rnd, i, BATCH, TRAIN_STEPS);
                assertThat(t).isBetween(0, TRAIN_STEPS - 1);
                if (i < BATCH / 2) {
                    lowMax = Math.max(lowMax, t);
                } else {
                    restMax = Math.max(restMax, t);
                    restMin = Math.min(restMin, t);
                }
            }
        }
        assertThat(lowMax).isBetween(390, 399);
        assertThat(restMax).isGreaterThan(990);
        assertThat(restMin).isLessThan(10);
    }

    @Test
    void uniformSamplingUsesTheWholeScheduleForEverySample() {
        SplittableRandom rnd = new SplittableRandom(5);
        int firstSampleMax = 0;
        for (int batch = 0; batch < 200; batch++) {
            firstSampleMax = Math.max(firstSampleMax, TimestepSampling.uniform().draw(rnd, 0, BATCH, TRAIN_STEPS));
        }
        assertThat(firstSampleMax).isGreaterThan(900);
    }

    @Test
    void aLowBoundPastTheScheduleIsTheSchedule() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int k = 0; k < 100; k++) {
            assertThat(new TimestepSampling(1, 5000).draw(rnd, 0, BATCH, 50)).isBetween(0, 49);
        }
    }

    @Test
    void rejectsSharesOutsideZeroToOneAndEmptyRanges() {
        assertThatThrownBy(() -> new TimestepSampling(1.5, 400)).hasMessageContaining("1.5");
        assertThatThrownBy(() -> new TimestepSampling(Double.NaN, 400)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> new TimestepSampling(0.5, 0)).hasMessageContaining("0");
    }
}
