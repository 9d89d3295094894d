package io.motif.training;

import io.motif.training.data.DataOptions;
import io.motif.training.optim.AdamWConfig;

/**
 * Every choice of a training run, explicit (defaults: {@link #defaults}).
 *
 * @param steps optimizer steps (reference: 250 for one concept, 500 for several)
 * @param batchSize rows per optimizer step, instance and class rows together (the paper's batch 8 = 4 + 4 with
 *     regularization); the learning rate scales with it
 * @param microBatch rows per forward/backward; batchSize / microBatch gradients are accumulated per step
 * @param baseLearningRate lr per row: lr = base × batchSize (1e-5 × 8 = 8e-5), unless {@code learningRate} is set
 * @param learningRate absolute learning rate, or NaN to scale the base rate
 * @param adam AdamW hyper-parameters (torch defaults)
 * @param maxGradNorm global-norm clipping threshold (reference 1.0); ≤ 0 disables
 * @param priorLossWeight weight of the class-half MSE
 * @param trained which UNet weights train
 * @param detachBos keep cross-attention K/V at token 0 out of the gradient (the reference does)
 * @param decayFrozenEmbeddingRows apply AdamW's weight decay to every token row, as the reference does by handing the
 *     whole table to the optimizer (only new rows get gradients)
 * @param checkpointEvery steps between checkpoints (0: none)
 * @param seed seed of every Java-side random stream
 * @param data the data pipeline's options
 * @param token how the modifier-token rows train (learning rate, length bound; reference: the run's lr, unbounded)
 */
public record TrainOptions(
    int steps,
    int batchSize,
    int microBatch,
    double baseLearningRate,
    double learningRate,
    AdamWConfig adam,
    double maxGradNorm,
    double priorLossWeight,
    TrainedWeights trained,
    boolean detachBos,
    boolean decayFrozenEmbeddingRows,
    int checkpointEvery,
    long seed,
    DataOptions data,
    TokenTraining token) {

  public TrainOptions {
    if (token == null) {
      throw new IllegalArgumentException("token training options are required (TokenTraining.reference() for the reference's)");
    }
    if (batchSize <= 0 || microBatch <= 0 || batchSize % microBatch != 0) {
      throw new IllegalArgumentException("batch " + batchSize + " must be a positive multiple of micro-batch " + microBatch);
    }
  }

  public static TrainOptions defaults(int concepts, DataOptions data) {
    return new TrainOptions(concepts > 1 ? 500 : 250, 8, 8, 1e-5, Double.NaN, AdamWConfig.defaults(), 1.0, 1.0,
        TrainedWeights.CROSSATTN_KV, true, true, 50, 42L, data, TokenTraining.reference());
  }

  public double effectiveLearningRate() {
    return Double.isNaN(learningRate) ? baseLearningRate * batchSize : learningRate;
  }

  /** The learning rate of the modifier-token rows. */
  public double effectiveTokenLearningRate() {
    return token.learningRateIn(effectiveLearningRate());
  }

  public int accumulationSteps() {
    return batchSize / microBatch;
  }

  public TrainOptions withSteps(int n) {
    return new TrainOptions(n, batchSize, microBatch, baseLearningRate, learningRate, adam, maxGradNorm, priorLossWeight,
        trained, detachBos, decayFrozenEmbeddingRows, checkpointEvery, seed, data, token);
  }

  public TrainOptions withBatch(int batch, int micro) {
    return new TrainOptions(steps, batch, micro, baseLearningRate, learningRate, adam, maxGradNorm, priorLossWeight,
        trained, detachBos, decayFrozenEmbeddingRows, checkpointEvery, seed, data, token);
  }

  public TrainOptions withTrained(TrainedWeights t) {
    return new TrainOptions(steps, batchSize, microBatch, baseLearningRate, learningRate, adam, maxGradNorm,
        priorLossWeight, t, detachBos, decayFrozenEmbeddingRows, checkpointEvery, seed, data, token);
  }

  public TrainOptions withCheckpointEvery(int n) {
    return new TrainOptions(steps, batchSize, microBatch, baseLearningRate, learningRate, adam, maxGradNorm,
        priorLossWeight, trained, detachBos, decayFrozenEmbeddingRows, n, seed, data, token);
  }

  public TrainOptions withLearningRate(double lr) {
    return new TrainOptions(steps, batchSize, microBatch, baseLearningRate, lr, adam, maxGradNorm, priorLossWeight,
        trained, detachBos, decayFrozenEmbeddingRows, checkpointEvery, seed, data, token);
  }

  public TrainOptions withSeed(long s) {
    return new TrainOptions(steps, batchSize, microBatch, baseLearningRate, learningRate, adam, maxGradNorm,
        priorLossWeight, trained, detachBos, decayFrozenEmbeddingRows, checkpointEvery, s, data, token);
  }

  public TrainOptions withTokenTraining(TokenTraining t) {
    return new TrainOptions(steps, batchSize, microBatch, baseLearningRate, learningRate, adam, maxGradNorm,
        priorLossWeight, trained, detachBos, decayFrozenEmbeddingRows, checkpointEvery, seed, data, t);
  }
}
