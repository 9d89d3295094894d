package io.motif.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.motif.diffusion.pipeline.StableDiffusionModel;
import io.motif.training.data.Batch;
import io.motif.training.data.DataOptions;
import io.motif.training.data.TrainingData;
import io.motif.training.model.CoreTrainingModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression: a batch-8 K/V step on the fixture model must give finite gradients, and the same batch twice (learning
 * rate 0, so the weights do not move) must give bit-identical gradients.
 */
class BatchEightGradientTest {
  @TempDir Path tmp;

  @Test
  void batchEightKvGradientsAreFiniteAndRepeatable() throws Exception {
    Path inst = TinyConcept.images(tmp.resolve("instance"), 4, true, 1);
    Path reg = TinyConcept.images(tmp.resolve("class"), 4, false, 2);
    ConceptSpec concept = new ConceptSpec("<new1>", inst, "photo of a <new1> cat", "cat", "photo of a cat", reg);
    TrainOptions o = TrainOptions.defaults(1, DataOptions.diffusersDefaults(64, 32)).withSteps(1).withBatch(8, 8)
        .withLearningRate(0.0).withCheckpointEvery(0);
    try (StableDiffusionModel sd = StableDiffusionModel.load(Fixtures.dir(), Device.cpu());
        NDManager m = NDManager.newBaseManager(Device.cpu())) {
      sd.setTokenizer(TinyConcept.tokenizer());
      CoreTrainingModel model = new CoreTrainingModel(sd);
      TrainingRequest req = new TrainingRequest(Fixtures.dir(), List.of(concept), TokenInit.word("dog"), o,
          tmp.resolve("out"), null, null, 0, TinyConcept.tokenizer());
      DataOptions d = o.data().withSize(model.imageSize(), model.latentSize());
      TrainingData data = TrainingRun.buildData(sd, req, d, o.seed());
      Map<String, Integer> ids = ModifierTokens.add(model, List.of(concept), TokenInit.word("dog"));
      try (CustomDiffusionTrainer trainer = new CustomDiffusionTrainer(model, o, data, ids, m)) {
        Batch batch = data.next(4);
        CustomDiffusionTrainer.MicroBatch fixed = fixedBatch(model, batch, m);
        Map<String, float[]> first = gradients(trainer, fixed, m);
        Map<String, float[]> second = gradients(trainer, fixed, m);
        for (Map.Entry<String, float[]> e : first.entrySet()) {
          for (float v : e.getValue()) {
            assertThat(v).as(e.getKey()).isFinite();
          }
          assertThat(second.get(e.getKey())).as(e.getKey() + " the second time").containsExactly(e.getValue());
        }
      }
    }
  }

  private static Map<String, float[]> gradients(CustomDiffusionTrainer trainer, CustomDiffusionTrainer.MicroBatch mb,
      NDManager m) {
    trainer.forwardBackward(mb, 1, m, null);
    Map<String, NDArray> observed = new LinkedHashMap<>();
    try {
      trainer.update(observed);
    } catch (IllegalStateException nonFinite) {
      // the trainer refuses a non-finite step after observing its gradients; the assertions report them
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    observed.forEach((k, v) -> out.put(k, v.toFloatArray()));
    return out;
  }

  private static CustomDiffusionTrainer.MicroBatch fixedBatch(CoreTrainingModel model, Batch b, NDManager m) {
    int rows = b.rows();
    int lat = model.latentSize();
    int c = model.latentChannels();
    NDArray pixels = m.create(b.pixels(), new Shape(rows, 3, b.size(), b.size()));
    io.motif.training.rng.SplitMix64 rng = new io.motif.training.rng.SplitMix64(99);
    NDArray latents = model.encodeLatents(pixels, rng.gaussians(rows * c * lat * lat));
    NDArray noise = m.create(rng.gaussians(rows * c * lat * lat), new Shape(rows, c, lat, lat));
    long[] t = new long[rows];
    for (int r = 0; r < rows; r++) {
      t[r] = 100 + 97L * r;
    }
    return new CustomDiffusionTrainer.MicroBatch(latents, noise, t, model.tokenize(b.prompts(), m),
        m.create(b.instanceMask(), new Shape(b.instanceRows(), 1, lat, lat)), b.instanceRows());
  }
}
