package io.motif.training;

/**
 * One progress report, after each optimizer step.
 *
 * @param step steps done
 * @param totalSteps steps of the run
 * @param loss total loss of this step (mean over its micro-batches)
 * @param instanceLoss masked instance part
 * @param priorLoss class part (NaN without regularization)
 * @param learningRate lr used by this step
 * @param gradNorm global gradient norm before clipping
 * @param stepsPerSecond over the steps run in this process (a resumed run does not count the earlier ones)
 * @param etaSeconds remaining time at that rate
 */
public record TrainingProgress(int step, int totalSteps, double loss, double instanceLoss, double priorLoss,
    double learningRate, double gradNorm, double stepsPerSecond, double etaSeconds) {

  /** Receives progress (the trainer service publishes it; the CLI draws a bar). */
  @FunctionalInterface
  public interface Listener {
    void onStep(TrainingProgress p);

    /** Called after a checkpoint folder has been written. */
    default void onCheckpoint(int step, java.nio.file.Path dir) {}
  }
}
