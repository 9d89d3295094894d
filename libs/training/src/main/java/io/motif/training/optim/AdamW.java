package io.motif.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * AdamW with torch's single-tensor CPU op order (decoupled weight decay first, then the Adam step), so that a step
 * matches {@code torch.optim.AdamW} to the last bit or two:
 * <pre>
 *   p = p · f32(1 − lr·wd)
 *   m = m·β1 + (1 − β1)·g
 *   v = v·β2 + (1 − β2)·g·g
 *   p = p + f32(−lr / (1 − β1^t)) · m / (sqrt(v) / sqrt(1 − β2^t) + eps)
 * </pre>
 * Moments are created (as zeros) at a parameter's first update and live in this optimizer's own manager, outside any
 * scope of the training step. Updates run in place on the parameter arrays, outside a gradient collector.
 */
public final class AdamW implements AutoCloseable {
  private final AdamWConfig config;
  private final NDManager manager;
  private final Map<String, NDArray> expAvg = new LinkedHashMap<>();
  private final Map<String, NDArray> expAvgSq = new LinkedHashMap<>();
  private int step;

  public AdamW(AdamWConfig config, NDManager parent) {
    this.config = config;
    this.manager = parent.newSubManager();
  }

  /** Number of completed optimizer steps (torch's {@code state["step"]}). */
  public int step() {
    return step;
  }

  /**
   * One step over every named parameter with its (already clipped) gradient. All parameters share the step count,
   * as in a torch optimizer whose parameters all received gradients at every step.
   */
  public void update(Map<String, NDArray> params, Map<String, NDArray> grads, double lr) {
    update(params, grads, name -> lr);
  }

  /**
   * As {@link #update(Map, Map, double)} with a learning rate per parameter (torch's parameter groups: one step count,
   * each group its own lr, which also scales its weight decay).
   */
  public void update(Map<String, NDArray> params, Map<String, NDArray> grads, ToDoubleFunction<String> lrOf) {
    step++;
    double bc1 = 1 - Math.pow(config.beta1(), step);
    double bc2 = 1 - Math.pow(config.beta2(), step);
    double bc2Sqrt = Math.sqrt(bc2);
    for (Map.Entry<String, NDArray> e : params.entrySet()) {
      String name = e.getKey();
      double lr = lrOf.applyAsDouble(name);
      float decay = (float) (1 - lr * config.weightDecay());
      float negStepSize = (float) (-(lr / bc1));
      NDArray p = e.getValue();
      NDArray g = grads.get(name);
      if (g == null) {
        throw new IllegalArgumentException("no gradient for " + name);
      }
      NDArray m = expAvg.computeIfAbsent(name, k -> zerosLike(p));
      NDArray v = expAvgSq.computeIfAbsent(name, k -> zerosLike(p));
      try (NDManager scratch = manager.newSubManager()) {
        NDArray gs = g.toDevice(p.getDevice(), false);
        gs.attach(scratch);
        p.muli(decay);
        m.muli((float) config.beta1()).addi(gs.mul((float) (1 - config.beta1())));
        v.muli((float) config.beta2()).addi(gs.mul((float) (1 - config.beta2())).muli(gs));
        NDArray denom = v.sqrt().divi((float) bc2Sqrt).addi((float) config.eps());
        denom.attach(scratch);
        NDArray delta = m.div(denom).muli(negStepSize);
        delta.attach(scratch);
        p.addi(delta);
      }
    }
  }

  /** Applies only the decoupled weight decay of one step, as AdamW does to rows whose gradient is exactly zero. */
  public float decayFactor(double lr) {
    return (float) (1 - lr * config.weightDecay());
  }

  private NDArray zerosLike(NDArray p) {
    return keep(manager.zeros(p.getShape(), p.getDataType(), p.getDevice()));
  }

  /** Moments outlive the training step: take them out of any enclosing NDScope. */
  private static NDArray keep(NDArray a) {
    NDScope.unregister(a);
    return a;
  }

  public Map<String, NDArray> expAvg() {
    return expAvg;
  }

  public Map<String, NDArray> expAvgSq() {
    return expAvgSq;
  }

  /** Restores moments and step count saved by a checkpoint (copied into this optimizer's manager). */
  public void restore(int savedStep, Map<String, NDArray> m, Map<String, NDArray> v) {
    this.step = savedStep;
    expAvg.values().forEach(NDArray::close);
    expAvgSq.values().forEach(NDArray::close);
    expAvg.clear();
    expAvgSq.clear();
    m.forEach((k, a) -> expAvg.put(k, copyIn(a)));
    v.forEach((k, a) -> expAvgSq.put(k, copyIn(a)));
  }

  private NDArray copyIn(NDArray a) {
    NDArray c = a.duplicate();
    c.attach(manager);
    return keep(c);
  }

  @Override
  public void close() {
    manager.close();
  }
}
