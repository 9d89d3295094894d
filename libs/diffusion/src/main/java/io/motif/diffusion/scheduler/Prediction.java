package io.motif.diffusion.scheduler;

import ai.djl.ndarray.NDArray;

/** Converts a model output to the x0 and ε estimates, for epsilon, sample and v_prediction models. */
final class Prediction {

    private Prediction() {
    }

    static NDArray x0(NoiseSchedule s, NDArray output, NDArray sample, double alphaProd) {
        double a = Math.sqrt(alphaProd);
        double b = Math.sqrt(1 - alphaProd);
        NDArray x0;
        switch (s.predictionType()) {
            case "epsilon": x0 = sample.sub(output.mul((float) b)).div((float) a); break;
            case "sample": x0 = output; break;
            default: x0 = sample.mul((float) a).sub(output.mul((float) b));
        }
        if (s.clipSample()) {
            x0 = x0.clip(-s.clipSampleRange(), s.clipSampleRange());
        }
        return x0;
    }

    static NDArray eps(NoiseSchedule s, NDArray output, NDArray sample, NDArray x0, double alphaProd) {
        double a = Math.sqrt(alphaProd);
        double b = Math.sqrt(1 - alphaProd);
        switch (s.predictionType()) {
            case "epsilon": return s.clipSample() ? sample.sub(x0.mul((float) a)).div((float) b) : output;
            case "sample": return sample.sub(x0.mul((float) a)).div((float) b);
            default: return output.mul((float) a).add(sample.mul((float) b));
        }
    }
}
