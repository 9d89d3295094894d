package io.motif.diffusion.scheduler;

import ai.djl.ndarray.NDArray;

/**
 * diffusers' DDPMScheduler.step (fixed_small variance): the posterior mean of x_prev given x0 and x_t, plus
 * √variance·z for t &gt; 0.
 */
public final class DdpmSampler implements Sampler {

    private final NoiseSchedule schedule;
    private final int[] timesteps;
    private final int stride;

    public DdpmSampler(NoiseSchedule schedule, int steps) {
        this.schedule = schedule;
        this.timesteps = schedule.timesteps(steps);
        this.stride = schedule.trainSteps() / steps;
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
        double ap = prev >= 0 ? schedule.alphaCumprod(prev) : 1.0;
        double alpha = at / ap;
        double beta = 1 - alpha;
        NDArray x0 = Prediction.x0(schedule, output, sample, at);
        double cx0 = Math.sqrt(ap) * beta / (1 - at);
        double cxt = Math.sqrt(alpha) * (1 - ap) / (1 - at);
        NDArray mean = x0.mul((float) cx0).add(sample.mul((float) cxt));
        if (t > 0) {
            double variance = Math.max((1 - ap) / (1 - at) * beta, 1e-20);
            mean = mean.add(noise.nextLike(sample).mul((float) Math.sqrt(variance)));
        }
        return mean;
    }
}
