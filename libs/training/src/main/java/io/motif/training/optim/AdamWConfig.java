package io.motif.training.optim;

/** AdamW hyper-parameters; the defaults are torch's and the reference scripts' (0.9, 0.999, 1e-2, 1e-8). */
public record AdamWConfig(double beta1, double beta2, double weightDecay, double eps) {
  public static AdamWConfig defaults() {
    return new AdamWConfig(0.9, 0.999, 1e-2, 1e-8);
  }
}
