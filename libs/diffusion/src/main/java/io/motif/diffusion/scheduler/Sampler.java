package io.motif.diffusion.scheduler;

import ai.djl.ndarray.NDArray;

/** A reverse-diffusion sampler for a fixed number of steps; {@link #step} is called once per timestep, in order. */
public interface Sampler {

    /** The model's timesteps, descending; the i-th UNet call uses {@code timesteps()[i]}. */
    int[] timesteps();

    /** Input scaling before the UNet call (1 for DDPM/DDIM/DPM-Solver). */
    default NDArray scaleModelInput(NDArray sample, int index) {
        return sample;
    }

    /** Standard deviation of the initial noise. */
    default float initNoiseSigma() {
        return 1f;
    }

    /** One step from {@code sample} at index {@code index} with the (guided) model output; returns the previous sample. */
    NDArray step(NDArray modelOutput, int index, NDArray sample, GaussianNoise noise);

    /** The names {@link #create} accepts (dpmpp2m also as dpm++2m or dpmsolver++). */
    java.util.List<String> NAMES = java.util.List.of("ddim", "ddpm", "dpmpp2m");

    /** Creates the sampler named in a pipeline option: ddim, ddpm or dpmpp2m. */
    static Sampler create(String name, NoiseSchedule schedule, int steps, double eta) {
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "ddim": return new DdimSampler(schedule, steps, eta);
            case "ddpm": return new DdpmSampler(schedule, steps);
            case "dpmpp2m":
            case "dpm++2m":
            case "dpmsolver++": return new DpmSolverPlusPlus2M(schedule, steps);
            default: throw new IllegalArgumentException("unknown sampler '" + name + "' (ddim, ddpm, dpmpp2m)");
        }
    }
}
