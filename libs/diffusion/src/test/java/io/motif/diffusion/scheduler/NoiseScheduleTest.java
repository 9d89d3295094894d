package io.motif.diffusion.scheduler;

import ai.djl.ndarray.NDManager;
import io.motif.diffusion.Fixtures;
import io.motif.diffusion.config.ConfigReader;
import io.motif.diffusion.safetensors.SafetensorsFile;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NoiseScheduleTest {

    @Test
    void betasAndAlphasCumprodMatchTorchBitForBit() throws Exception {
        NoiseSchedule s = NoiseSchedule.read(ConfigReader.of(Fixtures.publicDir().resolve("scheduler_ddim/scheduler_config.json")));
        try (NDManager m = NDManager.newBaseManager();
             SafetensorsFile io = SafetensorsFile.open(Fixtures.publicDir().resolve("io.safetensors"))) {
            assertThat(s.betas()).containsExactly(io.load("ddim.betas", m).toFloatArray());
            assertThat(s.alphasCumprod()).containsExactly(io.load("ddim.alphas_cumprod", m).toFloatArray());
            assertThat(s.finalAlphaCumprod()).isEqualTo(io.load("ddim.final_alpha_cumprod", m).toFloatArray()[0]);
        }
    }

    private static NoiseSchedule withSpacing(String spacing, int offset) {
        return new NoiseSchedule(1000, NoiseSchedule.betas("scaled_linear", 0.00085, 0.012, 1000), "epsilon", offset, false, spacing, false, 1);
    }

    @Test
    void timestepSpacingsFollowDiffusers() {
        assertThat(withSpacing("leading", 1).timesteps(5)).containsExactly(801, 601, 401, 201, 1);
        assertThat(withSpacing("trailing", 0).timesteps(5)).containsExactly(999, 799, 599, 399, 199);
        // np.linspace(0, 999, 5).round() rounds half to even: 499.5 -> 500, 249.75 -> 250
        assertThat(withSpacing("linspace", 0).timesteps(5)).containsExactly(999, 749, 500, 250, 0);
        assertThat(withSpacing("leading", 1).timesteps(50)[0]).isEqualTo(981);
    }

    @Test
    void linearBetasEndAtTheirBounds() {
        float[] b = NoiseSchedule.betas("linear", 1e-4, 0.02, 1000);
        assertThat(b[0]).isEqualTo(1e-4f);
        assertThat(b[999]).isEqualTo(0.02f);
    }

    @Test
    void dpmSolverTimestepsDropTheLastOfNPlusOnePoints() {
        // diffusers DPMSolverMultistepScheduler, leading, offset 1, 5 steps: ratio 1000 // 6 = 166
        assertThat(new DpmSolverPlusPlus2M(withSpacing("leading", 1), 5).timesteps()).containsExactly(831, 665, 499, 333, 167);
        assertThat(new DpmSolverPlusPlus2M(withSpacing("linspace", 0), 4).timesteps()).containsExactly(999, 749, 500, 250);
    }

    @Test
    void samplersDenoiseAConstantSignalToItself() {
        // with ε-prediction equal to the true noise, every sampler must recover x0 exactly at the end
        NoiseSchedule s = new NoiseSchedule(1000, NoiseSchedule.betas("scaled_linear", 0.00085, 0.012, 1000), "epsilon", 1, true,
                                            "leading", false, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            for (String name : new String[] {"ddim", "dpmpp2m"}) {
                Sampler sampler = Sampler.create(name, s, 10, 0);
                GaussianNoise g = new GaussianNoise(3);
                var x0 = m.full(new ai.djl.ndarray.types.Shape(1, 4, 2, 2), 0.3f);
                var eps = g.next(m, x0.getShape(), x0.getDevice());
                int t0 = sampler.timesteps()[0];
                var x = s.addNoise(x0, eps, new int[] {t0});
                for (int i = 0; i < sampler.timesteps().length; i++) {
                    int t = sampler.timesteps()[i];
                    double a = s.alphaCumprod(t);
                    // the exact ε that maps the current x back onto x0
                    var trueEps = x.sub(x0.mul((float) Math.sqrt(a))).div((float) Math.sqrt(1 - a));
                    x = sampler.step(trueEps, i, x, g);
                }
                float[] v = x.toFloatArray();
                for (float f : v) {
                    assertThat(f).as(name).isCloseTo(0.3f, org.assertj.core.data.Offset.offset(2e-3f));
                }
            }
        }
    }
}
