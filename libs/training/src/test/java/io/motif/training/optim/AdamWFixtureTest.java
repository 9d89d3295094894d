package io.motif.training.optim;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.motif.diffusion.safetensors.SafetensorsFile;
import io.motif.training.Fixtures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Teacher-forced AdamW + clipping: from the fixture's recorded gradients, our optimizer must reach the recorded
 * moments and weights of two diffusers AdamW steps (main run: clip inactive; clip005: clip active).
 */
class AdamWFixtureTest {
  private static final double LR = 1e-3;

  @Test
  void twoStepsMatchTorchWithoutAndWithClipping() throws Exception {
    for (String variant : new String[] {"", "clip005."}) {
      double maxNorm = variant.isEmpty() ? 1.0 : 0.05;
      try (NDManager manager = NDManager.newBaseManager();
          SafetensorsFile f = SafetensorsFile.open(Fixtures.trainStep());
          AdamW adam = new AdamW(AdamWConfig.defaults(), manager)) {
        List<String> kv = new ArrayList<>();
        for (String n : f.names()) {
          if (n.startsWith("setup.kv_init.")) {
            kv.add(n.substring("setup.kv_init.".length()));
          }
        }
        assertThat(kv).hasSize(12);
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (String k : kv) {
          params.put(k, f.load("setup.kv_init." + k, manager));
        }
        NDArray embedding = f.load("setup.embedding_init", manager);
        int newRow = (int) embedding.getShape().get(0) - 1;
        params.put("embedding_new_row", embedding.get(new NDIndex(newRow)).duplicate());
        for (int step = 1; step <= 2; step++) {
          String prefix = variant + "step" + step + ".";
          Map<String, NDArray> grads = new LinkedHashMap<>();
          for (String k : params.keySet()) {
            grads.put(k, f.load(prefix + "grad." + k, manager));
          }
          float norm = GlobalNormClipping.clipInPlace(grads.values(), maxNorm);
          float refNorm = f.load(prefix + "total_grad_norm", manager).getFloat(0);
          assertThat((double) norm).isCloseTo(refNorm, org.assertj.core.data.Offset.offset(1e-6 * refNorm));
          assertThat(GlobalNormClipping.coefficient(norm, maxNorm))
              .isCloseTo(f.load(prefix + "clip_coef", manager).getFloat(0), org.assertj.core.data.Offset.offset(1e-6f));
          adam.update(params, grads, LR);
          for (String k : params.keySet()) {
            assertClose(params.get(k), f.load(prefix + "param_after." + k, manager), 2e-7, prefix + k);
            assertClose(adam.expAvg().get(k), f.load(prefix + "adam.exp_avg." + k, manager), 1e-9, "m " + k);
            assertClose(adam.expAvgSq().get(k), f.load(prefix + "adam.exp_avg_sq." + k, manager), 1e-12, "v " + k);
          }
          if (variant.isEmpty()) {
            // the other embedding rows: zero gradient, so only the decoupled decay acts (bit for bit)
            embedding.muli(adam.decayFactor(LR));
            NDArray ref = f.load(prefix + "param_after.embedding", manager);
            NDArray others = embedding.get(new NDIndex("0:{}", newRow));
            NDArray refOthers = ref.get(new NDIndex("0:{}", newRow));
            assertThat(others.sub(refOthers).abs().max().getFloat()).as("decayed rows").isEqualTo(0f);
          }
        }
      }
    }
  }

  static void assertClose(NDArray actual, NDArray expected, double atol, String what) {
    float err = actual.sub(expected).abs().max().getFloat();
    assertThat((double) err).as(what).isLessThanOrEqualTo(atol);
  }
}
