package io.motif.diffusion.scheduler;

import ai.djl.ndarray.NDArray;

/**
 * DPM-Solver++(2M), as diffusers' DPMSolverMultistepScheduler with its defaults (data prediction, midpoint
 * second-order update, final sigma 0, first-order first and last steps). Timesteps follow
 * {@code timestep_spacing} over n+1 points with the last dropped, as diffusers does.
 */
public final class DpmSolverPlusPlus2M implements Sampler {

    private final int[] timesteps;
    private final double[] alpha;
    private final double[] sigma;
    private final double[] lambda;
    private final NoiseSchedule schedule;
    private NDArray previousX0;

    public DpmSolverPlusPlus2M(NoiseSchedule schedule, int steps) {
        this.schedule = schedule;
        int n = schedule.trainSteps();
        timesteps = new int[steps];
        switch (schedule.spacing()) {
            case "leading": {
                int ratio = n / (steps + 1);
                for (int i = 0; i < steps; i++) {
                    timesteps[i] = (steps - i) * ratio + schedule.stepsOffset();
                }
                break;
            }
            case "trailing": {
                double ratio = n / (double) steps;
                for (int i = 0; i < steps; i++) {
                    timesteps[i] = (int) Math.rint(n - i * ratio) - 1;
                }
                break;
            }
            default:
                for (int i = 0; i < steps; i++) {
                    timesteps[i] = (int) Math.rint((n - 1) * (double) (steps - i) / steps);
                }
        }
        alpha = new double[steps + 1];
        sigma = new double[steps + 1];
        lambda = new double[steps + 1];
        for (int i = 0; i < steps; i++) {
            double acp = schedule.alphaCumprod(timesteps[i]);
            double s = Math.sqrt((1 - acp) / acp);
            alpha[i] = 1 / Math.sqrt(s * s + 1);
            sigma[i] = s * alpha[i];
            lambda[i] = Math.log(alpha[i]) - Math.log(sigma[i]);
        }
        alpha[steps] = 1;
        sigma[steps] = 0;
        lambda[steps] = Double.POSITIVE_INFINITY;
    }

    @Override
    public int[] timesteps() {
        return timesteps.clone();
    }

    @Override
    public NDArray step(NDArray output, int index, NDArray sample, GaussianNoise noise) {
        double acp = alpha[index] * alpha[index];
        NDArray x0 = Prediction.x0(schedule, output, sample, acp);
        boolean last = index == timesteps.length - 1;
        NDArray next;
        if (last) {
            // final sigma is 0: the first-order update reduces to the data prediction itself
            next = x0;
        } else {
            double h = lambda[index + 1] - lambda[index];
            double ratio = sigma[index + 1] / sigma[index];
            double coef = alpha[index + 1] * (Math.exp(-h) - 1);
            if (previousX0 == null) {
                next = sample.mul((float) ratio).sub(x0.mul((float) coef));
            } else {
                double h0 = lambda[index] - lambda[index - 1];
                double r0 = h0 / h;
                NDArray d1 = x0.sub(previousX0).mul((float) (1 / r0));
                next = sample.mul((float) ratio).sub(x0.mul((float) coef)).sub(d1.mul((float) (0.5 * coef)));
            }
        }
        // the pipeline closes each step's arrays with an NDScope; the multistep history must outlive it
        ai.djl.ndarray.NDScope.unregister(x0);
        if (previousX0 != null) {
            previousX0.close();
        }
        previousX0 = last ? null : x0;
        if (last) {
            ai.djl.ndarray.NDScope.unregister(next);
        }
        return next;
    }
}
