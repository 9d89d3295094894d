package io.motif.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.Collection;

/**
 * Gradient clipping by the global L2 norm, as {@code torch.nn.utils.clip_grad_norm_}: the norm of the per-tensor
 * norms, coefficient {@code min(1, maxNorm · 1/(norm + 1e-6))} in float32, and every gradient multiplied by it (even
 * when it is 1). DJL's {@code optClipGrad} only clamps elements, which is a different operation.
 */
public final class GlobalNormClipping {
  private GlobalNormClipping() {}

  /** The global norm, computed in float32 as torch does (stack of per-tensor norms, then its norm). */
  public static float totalNorm(Collection<NDArray> grads) {
    NDList norms = new NDList();
    for (NDArray g : grads) {
      norms.add(g.square().sum().sqrt().reshape(1));
    }
    try {
      NDArray stacked = NDArrays.concat(norms);
      float total = stacked.square().sum().sqrt().getFloat();
      stacked.close();
      return total;
    } finally {
      norms.close();
    }
  }

  public static float coefficient(float totalNorm, double maxNorm) {
    float reciprocal = 1f / (totalNorm + 1e-6f);
    return Math.min(1f, reciprocal * (float) maxNorm);
  }

  /** Multiplies every gradient in place by the clip coefficient and returns the norm before clipping. */
  public static float clipInPlace(Collection<NDArray> grads, double maxNorm) {
    float total = totalNorm(grads);
    float coef = coefficient(total, maxNorm);
    for (NDArray g : grads) {
      g.muli(coef);
    }
    return total;
  }
}
