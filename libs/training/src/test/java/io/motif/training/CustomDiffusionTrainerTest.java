package io.motif.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.motif.diffusion.pipeline.StableDiffusionModel;
import io.motif.training.data.Batch;
import io.motif.training.data.DataOptions;
import io.motif.training.data.TrainingData;
import io.motif.training.model.CoreTrainingModel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains the fixture model on a handful of generated images for a few steps. */
class CustomDiffusionTrainerTest {
  private static final double LR = 5e-3;
  @TempDir static Path tmp;
  static ConceptSpec concept;

  @BeforeAll
  static void images() throws Exception {
    Path inst = TinyConcept.images(tmp.resolve("instance"), 4, true, 1);
    Path reg = TinyConcept.images(tmp.resolve("class"), 4, false, 2);
    concept = new ConceptSpec("<new1>", inst, "photo of a <new1> cat", "cat", "photo of a cat", reg);
  }

  static TrainOptions options(int steps) {
    // batch 2 = one instance row + one class row: the smallest batch that exercises both loss parts, to keep it quick
    return TrainOptions.defaults(1, DataOptions.diffusersDefaults(64, 32)).withSteps(steps).withBatch(2, 2)
        .withLearningRate(LR).withCheckpointEvery(0);
  }

  static TrainingRequest request(TrainOptions o, Path out, Path resume) throws Exception {
    return new TrainingRequest(Fixtures.dir(), List.of(concept), TokenInit.word("dog"), o, out, null, resume, 0,
        TinyConcept.tokenizer());
  }

  @Test
  void onlyTheKvWeightsAndTheNewRowChangeAndLossFallsOnTheTrainingBatch() throws Exception {
    try (StableDiffusionModel sd = StableDiffusionModel.load(Fixtures.dir(), Device.cpu());
        NDManager m = NDManager.newBaseManager(Device.cpu())) {
      sd.setTokenizer(TinyConcept.tokenizer());
      CoreTrainingModel model = new CoreTrainingModel(sd);
      Map<String, float[]> before = snapshot(sd);
      TrainOptions o = options(3);
      DataOptions d = o.data().withSize(model.imageSize(), model.latentSize());
      TrainingData data = TrainingRun.buildData(sd, request(o, tmp.resolve("unused"), null), d, o.seed());
      Map<String, Integer> ids = ModifierTokens.add(model, List.of(concept), TokenInit.word("dog"));
      float[] tableBefore = model.tokenTable().toFloatArray();
      try (CustomDiffusionTrainer trainer = new CustomDiffusionTrainer(model, o, data, ids, m)) {
        // a fixed batch: its loss must fall when trained on repeatedly
        Batch batch = data.next(1);
        CustomDiffusionTrainer.MicroBatch fixed = fixedBatch(model, batch, m);
        double initial = trainer.evaluate(fixed, m);
        for (int i = 0; i < 3; i++) {
          trainer.forwardBackward(fixed, 1, m, null);
          trainer.update(null);
        }
        double after = trainer.evaluate(fixed, m);
        assertThat(after).as("loss on the training batch").isLessThan(0.97 * initial);

        for (int i = 0; i < 1; i++) {
          StepResult r = trainer.runStep();
          assertThat(r.loss()).isFinite();
        }
        Map<String, float[]> now = snapshot(sd);
        int changed = 0;
        for (Map.Entry<String, float[]> e : before.entrySet()) {
          String name = e.getKey();
          boolean trained = name.startsWith("unet.") && TrainedWeights.CROSSATTN_KV.trains(name.substring(5));
          if (name.equals("text." + io.motif.diffusion.text.ClipTextEncoder.TOKEN_TABLE)) {
            continue;
          }
          if (trained) {
            assertThat(now.get(name)).as(name).isNotEqualTo(e.getValue());
            changed++;
          } else {
            assertThat(now.get(name)).as(name + " must stay bit-identical").isEqualTo(e.getValue());
          }
        }
        assertThat(changed).isEqualTo(12);
        // token table: the new row trained; every other row only weight-decayed, 4 steps of float32(1 − lr·wd)
        float[] table = model.tokenTable().toFloatArray();
        int dim = (int) model.tokenTable().getShape().get(1);
        int newId = ids.get("<new1>");
        float decay = (float) (1 - LR * 1e-2);
        for (int i = 0; i < newId * dim; i++) {
          float expected = tableBefore[i];
          for (int s = 0; s < 4; s++) {
            expected *= decay;
          }
          assertThat(table[i]).isEqualTo(expected);
        }
        float[] newRow = java.util.Arrays.copyOfRange(table, newId * dim, (newId + 1) * dim);
        assertThat(newRow).isNotEqualTo(java.util.Arrays.copyOfRange(tableBefore, newId * dim, (newId + 1) * dim));
        assertThat(newRow).containsExactly(trainer.tokenRows().get("<new1>").toFloatArray());
      }
    }
  }

  /** One update of a fresh fixture model on the first batch; returns the K/V weights and the whole token table. */
  private static Map<String, float[]> oneUpdate(TrainOptions o) throws Exception {
    try (StableDiffusionModel sd = StableDiffusionModel.load(Fixtures.dir(), Device.cpu());
        NDManager m = NDManager.newBaseManager(Device.cpu())) {
      sd.setTokenizer(TinyConcept.tokenizer());
      CoreTrainingModel model = new CoreTrainingModel(sd);
      DataOptions d = o.data().withSize(model.imageSize(), model.latentSize());
      TrainingData data = TrainingRun.buildData(sd, request(o, tmp.resolve("unused"), null), d, o.seed());
      Map<String, Integer> ids = ModifierTokens.add(model, List.of(concept), TokenInit.word("dog"));
      Map<String, float[]> out = new HashMap<>();
      out.put("table.before", model.tokenTable().toFloatArray());
      out.put("id", new float[] {ids.get("<new1>"), model.tokenTable().getShape().get(1)});
      try (CustomDiffusionTrainer trainer = new CustomDiffusionTrainer(model, o, data, ids, m)) {
        trainer.forwardBackward(fixedBatch(model, data.next(1), m), 1, m, null);
        trainer.update(null);
      }
      snapshot(sd).forEach((name, w) -> {
        if (name.startsWith("unet.") && TrainedWeights.CROSSATTN_KV.trains(name.substring(5))) {
          out.put(name, w);
        }
      });
      out.put("table", model.tokenTable().toFloatArray());
      return out;
    }
  }

  @Test
  void tokenRowsTrainAtTheirOwnRateWithinTheirBoundAndTheKvWeightsDoNotNotice() throws Exception {
    Map<String, float[]> reference = oneUpdate(options(1));
    int id = (int) reference.get("id")[0];
    int dim = (int) reference.get("id")[1];
    float[] initRow = java.util.Arrays.copyOfRange(reference.get("table.before"), id * dim, (id + 1) * dim);
    double bound = 0.5 * norm(initRow);
    double tokenLr = 10 * LR;
    Map<String, float[]> own = oneUpdate(options(1).withTokenTraining(new TokenTraining(tokenLr, bound)));

    float[] row = java.util.Arrays.copyOfRange(own.get("table"), id * dim, (id + 1) * dim);
    float[] referenceRow = java.util.Arrays.copyOfRange(reference.get("table"), id * dim, (id + 1) * dim);
    assertThat(norm(referenceRow)).as("unbounded row, for contrast").isGreaterThan(bound * 1.5);
    assertThat(norm(row)).as("bounded row").isCloseTo(bound, org.assertj.core.data.Offset.offset(bound * 1e-5));
    // the other rows only decay, at the token rate: one step of float32(1 − tokenLr·wd)
    float decay = (float) (1 - tokenLr * 1e-2);
    assertThat(own.get("table")[0]).isEqualTo(own.get("table.before")[0] * decay);
    // the K/V weights saw the same clipped gradient at the same rate: bit-identical to the reference run's
    int kv = 0;
    for (Map.Entry<String, float[]> e : reference.entrySet()) {
      if (e.getKey().startsWith("unet.")) {
        assertThat(own.get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
        kv++;
      }
    }
    assertThat(kv).isEqualTo(12);
  }

  private static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  @Test
  void aVPredictionModelIsTrainedToOutputTheVelocity() throws Exception {
    // the fixture model with its schedule switched to v_prediction (as Stable Diffusion 2's is)
    Path root = tmp.resolve("v-model");
    for (String part : new String[] {"unet", "text_encoder", "vae", "scheduler"}) {
      Path from = Fixtures.dir().resolve(part);
      java.nio.file.Files.createDirectories(root.resolve(part));
      try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(from)) {
        for (Path f : files.toList()) {
          java.nio.file.Files.copy(f, root.resolve(part).resolve(f.getFileName()));
        }
      }
    }
    Path config = root.resolve("scheduler/scheduler_config.json");
    String json = java.nio.file.Files.readString(config);
    java.nio.file.Files.writeString(config,
        json.replaceAll("\"prediction_type\"\\s*:\\s*\"epsilon\"", "\"prediction_type\": \"v_prediction\""));
    try (StableDiffusionModel sd = StableDiffusionModel.load(root, Device.cpu());
        NDManager m = NDManager.newBaseManager(Device.cpu())) {
      sd.setTokenizer(TinyConcept.tokenizer());
      CoreTrainingModel model = new CoreTrainingModel(sd);
      assertThat(model.schedule().predictionType()).isEqualTo("v_prediction");
      TrainOptions o = options(1);
      int c = model.latentChannels();
      int lat = model.latentSize();
      io.motif.training.rng.SplitMix64 rng = new io.motif.training.rng.SplitMix64(5);
      Shape shape = new Shape(2, c, lat, lat);
      NDArray latents = m.create(rng.gaussians((int) shape.size()), shape);
      NDArray noise = m.create(rng.gaussians((int) shape.size()), shape);
      NDArray mask = m.ones(new Shape(1, 1, lat, lat));
      CustomDiffusionTrainer.MicroBatch mb = new CustomDiffusionTrainer.MicroBatch(latents, noise, new long[] {700, 700},
          model.tokenize(List.of("photo of a cat", "photo of a cat"), m), mask, 1);
      try (CustomDiffusionTrainer trainer = new CustomDiffusionTrainer(model, o, null, Map.of(), m)) {
        Map<String, NDArray> observed = new HashMap<>();
        trainer.forwardBackward(mb, 1, m, observed);
        float a = (float) Math.sqrt(model.schedule().alphaCumprod(700));
        float b = (float) Math.sqrt(1 - model.schedule().alphaCumprod(700));
        NDArray velocity = noise.mul(a).sub(latents.mul(b));
        MaskedDenoisingLoss loss = new MaskedDenoisingLoss(o.priorLossWeight());
        float againstVelocity = loss.compute(observed.get("model_pred"), velocity, mask, 1).total().getFloat();
        float againstNoise = loss.compute(observed.get("model_pred"), noise, mask, 1).total().getFloat();
        assertThat(observed.get("loss").getFloat()).isCloseTo(againstVelocity, org.assertj.core.api.Assertions.within(1e-4f));
        assertThat(Math.abs(againstNoise - againstVelocity)).as("the test tells the two targets apart").isGreaterThan(1e-2f);
      }
    }
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
    java.util.Arrays.fill(t, 400);
    return new CustomDiffusionTrainer.MicroBatch(latents, noise, t, model.tokenize(b.prompts(), m),
        m.create(b.instanceMask(), new Shape(b.instanceRows(), 1, lat, lat)), b.instanceRows());
  }

  static Map<String, float[]> snapshot(StableDiffusionModel sd) {
    Map<String, float[]> out = new HashMap<>();
    sd.unet().parameters().view().forEach((k, v) -> out.put("unet." + k, v.toFloatArray()));
    sd.textEncoder().parameters().view().forEach((k, v) -> out.put("text." + k, v.toFloatArray()));
    sd.vae().parameters().view().forEach((k, v) -> out.put("vae." + k, v.toFloatArray()));
    return out;
  }

  @Test
  void aRunStoppedAndResumedFromItsCheckpointEqualsARunThatWasNotStopped() throws Exception {
    TrainOptions o = options(2).withCheckpointEvery(1);
    TrainingResult straight = TrainingRun.run(request(o, tmp.resolve("straight"), null), p -> {}, () -> false);
    assertThat(straight.steps()).isEqualTo(2);

    int[] seen = {0};
    TrainingResult stopped = TrainingRun.run(request(o, tmp.resolve("resumed"), null), p -> seen[0] = p.step(),
        () -> seen[0] >= 1);
    assertThat(stopped.stopped()).isTrue();
    assertThat(stopped.steps()).isEqualTo(1);
    Path ckpt = TrainingCheckpoint.latest(tmp.resolve("resumed/checkpoints"));
    assertThat(ckpt.getFileName().toString()).isEqualTo("checkpoint-000001");
    TrainingResult resumed = TrainingRun.run(request(o, tmp.resolve("resumed"), ckpt), p -> {}, () -> false);
    assertThat(resumed.steps()).isEqualTo(2);
    assertThat(resumed.lossCurve()).containsExactlyElementsOf(straight.lossCurve());

    // same bits: on one CPU the resumed run replays exactly the same float operations, so the files are identical
    for (String file : new String[] {"pytorch_custom_diffusion_weights.safetensors", "<new1>.safetensors"}) {
      byte[] a = java.nio.file.Files.readAllBytes(tmp.resolve("straight").resolve(file));
      byte[] b = java.nio.file.Files.readAllBytes(tmp.resolve("resumed").resolve(file));
      assertThat(b).as(file).isEqualTo(a);
    }
    try (NDManager m = NDManager.newBaseManager(Device.cpu());
        io.motif.diffusion.delta.CustomDiffusionDelta a = io.motif.diffusion.delta.CustomDiffusionDelta.read(tmp.resolve("straight"), m)) {
      assertThat(a.weightTensors()).hasSize(12);
      assertThat(a.tokens()).containsOnlyKeys("<new1>");
    }
    assertThat(tmp.resolve("straight").resolve(TrainingManifest.FILE)).exists();
  }
}
