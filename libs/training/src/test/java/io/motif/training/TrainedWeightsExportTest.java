package io.motif.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.motif.diffusion.delta.CustomDiffusionDelta;
import io.motif.diffusion.pipeline.StableDiffusionModel;
import io.motif.diffusion.safetensors.SafetensorsFile;
import io.motif.diffusion.text.ClipTextEncoder;
import io.motif.training.data.DataOptions;
import io.motif.training.data.TrainingData;
import io.motif.training.model.CoreTrainingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation's baselines: token-only (textual-inversion-like) training and the all-UNet export. */
class TrainedWeightsExportTest {
  @TempDir static Path tmp;
  static ConceptSpec concept;

  @BeforeAll
  static void images() throws Exception {
    Path inst = TinyConcept.images(tmp.resolve("instance"), 4, true, 1);
    concept = new ConceptSpec("<new1>", inst, "photo of a <new1> cat", "cat", "photo of a cat", null);
  }

  private static TrainOptions options(TrainedWeights trained) {
    return TrainOptions.defaults(1, DataOptions.diffusersDefaults(64, 32)).withSteps(2).withBatch(2, 2)
        .withLearningRate(5e-3).withCheckpointEvery(0).withTrained(trained);
  }

  @Test
  void tokenOnlyMovesTheEmbeddingAndNoUnetWeightAndExportsOnlyTheToken() throws Exception {
    Path out = tmp.resolve("token-only");
    try (StableDiffusionModel sd = StableDiffusionModel.load(Fixtures.dir(), Device.cpu());
        NDManager m = NDManager.newBaseManager(Device.cpu())) {
      sd.setTokenizer(TinyConcept.tokenizer());
      CoreTrainingModel model = new CoreTrainingModel(sd);
      TrainOptions o = options(TrainedWeights.TOKEN_ONLY);
      TrainingRequest req = new TrainingRequest(Fixtures.dir(), List.of(concept), TokenInit.word("dog"), o, out, null,
          null, 0, TinyConcept.tokenizer());
      TrainingData data = TrainingRun.buildData(sd, req, o.data().withSize(model.imageSize(), model.latentSize()),
          o.seed());
      Map<String, Integer> ids = ModifierTokens.add(model, List.of(concept), TokenInit.word("dog"));
      Map<String, float[]> before = CustomDiffusionTrainerTest.snapshot(sd);
      float[] rowBefore = model.tokenTable().get(ids.get("<new1>")).toFloatArray();
      try (CustomDiffusionTrainer trainer = new CustomDiffusionTrainer(model, o, data, ids, m)) {
        assertThat(trainer.unetTrainable()).isEmpty();
        for (int i = 0; i < 2; i++) {
          assertThat(trainer.runStep().loss()).isFinite();
        }
        Map<String, float[]> after = CustomDiffusionTrainerTest.snapshot(sd);
        for (Map.Entry<String, float[]> e : before.entrySet()) {
          if (!e.getKey().equals("text." + ClipTextEncoder.TOKEN_TABLE)) {
            assertThat(after.get(e.getKey())).as(e.getKey() + " must stay bit-identical").isEqualTo(e.getValue());
          }
        }
        float[] row = trainer.tokenRows().get("<new1>").toFloatArray();
        double moved = 0;
        for (int i = 0; i < row.length; i++) {
          moved += Math.abs(row[i] - rowBefore[i]);
        }
        assertThat(moved / row.length).as("mean |change| of the new row").isGreaterThan(1e-4);

        DeltaExport.write(trainer, model.unetWeights(), out, m);
        assertThat(safetensorsFiles(out)).containsExactly("<new1>.safetensors");
        try (CustomDiffusionDelta d = CustomDiffusionDelta.read(out, m)) {
          assertThat(d.layers()).isEmpty();
          assertThat(d.tokens().get("<new1>").toFloatArray()).containsExactly(row);
        }
      }
    }
  }

  @Test
  void anAllUnetRunExportsItsTokenAndTheWholeFineTunedUnet() throws Exception {
    Path out = tmp.resolve("all-unet");
    TrainingRequest req = new TrainingRequest(Fixtures.dir(), List.of(concept), TokenInit.word("dog"),
        options(TrainedWeights.ALL_UNET).withSteps(1), out, null, null, 0, TinyConcept.tokenizer());
    TrainingRun.run(req, p -> {}, () -> false);
    try (StableDiffusionModel base = StableDiffusionModel.load(Fixtures.dir(), Device.cpu());
        SafetensorsFile unet = SafetensorsFile.open(out.resolve(DeltaExport.FULL_UNET_FILE));
        NDManager m = NDManager.newBaseManager(Device.cpu())) {
      Map<String, ai.djl.ndarray.NDArray> params = base.unet().parameters().view();
      assertThat(unet.names()).containsExactlyInAnyOrderElementsOf(params.keySet());
      int changed = 0;
      for (String name : params.keySet()) {
        if (!Arrays.equals(unet.load(name, m).toFloatArray(), params.get(name).toFloatArray())) {
          changed++;
        }
      }
      assertThat(changed).as("fine-tuned UNet tensors").isGreaterThan(params.size() / 2);
      try (CustomDiffusionDelta d = CustomDiffusionDelta.read(out, m)) {
        assertThat(d.layers()).isEmpty();
        assertThat(d.tokens()).containsOnlyKeys("<new1>");
      }
    }
  }

  private static List<String> safetensorsFiles(Path dir) throws Exception {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".safetensors")).sorted().toList();
    }
  }
}
