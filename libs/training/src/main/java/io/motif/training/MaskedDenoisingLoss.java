package io.motif.training;

import io.motif.diffusion.nn.Ops;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * The Custom Diffusion objective on a batch ordered instance‖class (diffusers' prior preservation):
 * masked instance MSE + priorWeight × plain MSE on the class half.
 *
 * <p>Per instance row: {@code Σ_{c,h,w} mask·(pred − ε)² / Σ_{h,w} mask}. The denominator sums the one-channel mask,
 * so it counts latent pixels, not pixels × channels (the value is channels × the masked per-element mean) — exactly
 * the reference script's arithmetic, which the training-step fixture records. Rows are then averaged.
 */
public final class MaskedDenoisingLoss {
  private final double priorWeight;

  public MaskedDenoisingLoss(double priorWeight) {
    this.priorWeight = priorWeight;
  }

  /** Loss parts of one batch. {@code instanceRows} leading rows are instance rows; the rest are class rows. */
  public Parts compute(NDArray pred, NDArray target, NDArray instanceMask, int instanceRows) {
    long rows = pred.getShape().get(0);
    NDArray predInst = pred.get(new NDIndex("0:{}", instanceRows));
    NDArray targetInst = target.get(new NDIndex("0:{}", instanceRows));
    NDArray se = predInst.sub(targetInst).square().mul(instanceMask);
    NDArray perExample = se.sum(new int[] {1, 2, 3}).div(instanceMask.sum(new int[] {1, 2, 3}));
    NDArray instanceLoss = perExample.mean();
    if (rows == instanceRows) {
      return new Parts(instanceLoss, perExample, null, instanceLoss);
    }
    NDArray predPrior = pred.get(new NDIndex("{}:", instanceRows));
    NDArray targetPrior = target.get(new NDIndex("{}:", instanceRows));
    NDArray priorLoss = predPrior.sub(targetPrior).square().mean();
    NDArray total = instanceLoss.add(Ops.times(priorLoss, (float) priorWeight));
    return new Parts(instanceLoss, perExample, priorLoss, total);
  }

  /** The loss parts; {@code priorLoss} is null when the batch has no class rows. */
  public record Parts(NDArray instanceLoss, NDArray instancePerExample, NDArray priorLoss, NDArray total) {}
}
