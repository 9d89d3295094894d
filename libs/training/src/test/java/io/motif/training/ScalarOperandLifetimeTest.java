package io.motif.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.motif.diffusion.nn.Ops;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Regression for the non-finite, run-to-run different training gradients: a scalar factor saved for the backward pass
 * must stay valid through garbage collections between forward and backward (DJL's {@code mul(Number)} frees it).
 */
class ScalarOperandLifetimeTest {

  @Test
  void scaledGradientSurvivesCollectionsBetweenForwardAndBackward() throws Exception {
    assertThat(gradientAfterCollections(Ops::times, 3f)).containsOnly(3f);
    assertThat(gradientAfterCollections(Ops::dividedBy, 4f)).containsOnly(0.25f);
  }

  static float[] gradientAfterCollections(BiFunction<NDArray, Float, NDArray> op, float s) throws Exception {
    try (NDManager m = NDManager.newBaseManager();
        GradientCollector c = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray x = m.create(new float[] {1, 2, 3, 4});
      x.setRequiresGradient(true);
      NDArray y = op.apply(x, s).sum();
      List<ByteBuffer> junk = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        System.gc();
        Thread.sleep(20);
        // small direct buffers of NaN bits: they take the place of any scalar freed by the collections
        for (int j = 0; j < 2000; j++) {
          junk.add(ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putFloat(0, Float.NaN));
        }
      }
      c.backward(y);
      try (NDArray g = x.getGradient()) {
        return g.toFloatArray();
      }
    }
  }
}
