package io.motif.diffusion.scheduler;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The training target of each prediction type must be what the samplers read the model's output as: a model that
 * outputs its target exactly gives back the clean sample and the noise that made the noisy one.
 */
class TrainingTargetTest {

    @ParameterizedTest
    @ValueSource(strings = {"epsilon", "v_prediction", "sample"})
    void samplersRecoverX0AndNoiseFromThePerfectTarget(String predictionType) {
        NoiseSchedule s = new NoiseSchedule(1000, NoiseSchedule.betas("linear", 1e-4, 0.02, 1000), predictionType, 1,
                false, "leading", false, 1);
        int[] t = {5, 400, 990};
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(11);
            NDArray x0 = m.randomUniform(-1, 1, new Shape(3, 2, 4, 4));
            NDArray noise = m.randomNormal(new Shape(3, 2, 4, 4));
            NDArray noisy = s.addNoise(x0, noise, t);
            NDArray target = s.trainingTarget(x0, noise, t);
            for (int r = 0; r < t.length; r++) {
                double acp = s.alphaCumprod(t[r]);
                NDArray out = target.get(r);
                NDArray xt = noisy.get(r);
                NDArray x0Hat = Prediction.x0(s, out, xt, acp);
                NDArray epsHat = Prediction.eps(s, out, xt, x0Hat, acp);
                // at t = 990 the x0 estimate of an ε-model divides by √ᾱ ≈ 0.007: float rounding grows with it
                double tolerance = predictionType.equals("epsilon") ? 1e-5 / Math.sqrt(acp) : 1e-4;
                assertThat(x0Hat.sub(x0.get(r)).abs().max().getFloat()).isCloseTo(0f, within((float) tolerance));
                assertThat(epsHat.sub(noise.get(r)).abs().max().getFloat()).isCloseTo(0f, within(1e-4f));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epsilon", "v_prediction"})
    void x0ErrorWeightIsWhatTheOutputErrorCostsPerX0Error(String predictionType) {
        NoiseSchedule s = new NoiseSchedule(1000, NoiseSchedule.betas("linear", 1e-4, 0.02, 1000), predictionType, 1,
                false, "leading", false, 1);
        for (int t : new int[]{10, 500, 900}) {
            double acp = s.alphaCumprod(t);
            double snr = acp / (1 - acp);
            double expected = predictionType.equals("epsilon") ? snr : snr + 1;
            // a unit error in the output moves the sampler's x0 estimate by dx0; the output error per x0 error,
            // squared, is the weight
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray xt = m.zeros(new Shape(1));
                NDArray base = Prediction.x0(s, m.zeros(new Shape(1)), xt, acp);
                NDArray moved = Prediction.x0(s, m.ones(new Shape(1)), xt, acp);
                double dx0 = moved.sub(base).getFloat(0);
                assertThat(s.x0ErrorWeight(t)).isCloseTo(expected, within(expected * 1e-9));
                assertThat(1 / (dx0 * dx0)).isCloseTo(s.x0ErrorWeight(t), within(expected * 1e-4));
            }
        }
    }
}
