package io.motif.diffusion.scheduler;

import ai.djl.ndarray.NDArray;

/**
 * diffusers' DDIMScheduler.step: x0 from the model output, then x_prev = √ᾱ_prev·x0 + √(1−ᾱ_prev−σ²)·ε + σ·z with
 * σ = η·√((1−ᾱ_prev)/(1−ᾱ_t)·(1−ᾱ_t/ᾱ_prev)); prev_t = t − N/n, and ᾱ of a negative prev_t is the final alpha.
 */
public final class DdimSampler implements Sampler {

    private final NoiseSchedule schedule;
    private final int[] timesteps;
    private final int stride;
    private final double eta;

    public DdimSampler(NoiseSchedule schedule, int steps, double eta) {
        this.schedule = schedule;
        this.timesteps = schedule.timesteps(steps);
        this.stride = schedule.trainSteps() / steps;
        this.eta = eta;
    }

    @Override
    public int[] timesteps() {
        return timesteps.clone();
    }

    @Override
    public NDArray step(NDArray output, int index, NDArray sample, GaussianNoise noise) {
        int t = timesteps[index];
        int prev = t - stride;
        double at = schedule.alphaCumprod(t);
        double ap = prev >= 0 ? schedule.alphaCumprod(prev) : schedule.finalAlphaCumprod();
        NDArray x0 = Prediction.x0(schedule, output, sample, at);
        NDArray eps = Prediction.eps(schedule, output, sample, x0, at);
        double variance = (1 - ap) / (1 - at) * (1 - at / ap);
        double sigma = eta * Math.sqrt(variance);
        NDArray prevSample = x0.mul((float) Math.sqrt(ap)).add(eps.mul((float) Math.sqrt(1 - ap - sigma * sigma)));
        if (eta > 0) {
            prevSample = prevSample.add(noise.nextLike(sample).mul((float) sigma));
        }
        return prevSample;
    }
}
