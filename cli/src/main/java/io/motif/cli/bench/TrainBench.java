package io.motif.cli.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.motif.diffusion.pipeline.StableDiffusionModel;
import io.motif.training.ConceptSpec;
import io.motif.training.CustomDiffusionTrainer;
import io.motif.training.FixtureTokenizer;
import io.motif.training.ModifierTokens;
import io.motif.training.TokenInit;
import io.motif.training.TrainOptions;
import io.motif.training.TrainedWeights;
import io.motif.training.data.CaptionedImage;
import io.motif.training.data.DataOptions;
import io.motif.training.data.ImageFolder;
import io.motif.training.data.SyntheticImages;
import io.motif.training.data.TrainingData;
import io.motif.training.model.CoreTrainingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./motif bench train}: training speed of the Custom Diffusion trainer on the public fixture model at batch 8
 * (4 instance + 4 class rows, 64 px), training only cross-attention K/V (+ the token row) versus every UNet weight.
 * Both variants run in the same process on the same data; each prints the median step time over repeated steps
 * (after warm-up steps) as steps/s, then the ratio.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Steps/s of Custom Diffusion training on the fixture model: K/V-only vs all-UNet (medians).")
public final class TrainBench implements Callable<Integer> {
  @Option(names = "--fixtures", defaultValue = "../shared/fixtures/public", description = "fixture folder (default ${DEFAULT-VALUE})")
  Path fixtures;

  @Option(names = "--batch", defaultValue = "8", description = "rows per step (default ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--micro-batch", description = "rows per forward pass, gradients accumulated to --batch (default: batch)")
  Integer microBatch;

  @Option(names = "--steps", defaultValue = "7", description = "timed steps per variant (default ${DEFAULT-VALUE})")
  int steps;

  @Option(names = "--warmup", defaultValue = "2", description = "untimed steps first (default ${DEFAULT-VALUE})")
  int warmup;

  @Override
  public Integer call() throws Exception {
    Path tmp = Files.createTempDirectory("motif-train-bench");
    Path inst = SyntheticImages.write(tmp.resolve("instance"), 6, true, 1, null);
    Path reg = SyntheticImages.write(tmp.resolve("class"), 6, false, 2, "photo of a cat");
    ConceptSpec concept = new ConceptSpec("<new1>", inst, "photo of a <new1> cat", "cat", "photo of a cat", reg);
    System.out.printf(Locale.ROOT, "model=%s batch=%d (%d instance + %d class rows, micro-batch %d) threads=%s"
        + " ONEDNN_MAX_CPU_ISA=%s%n", fixtures, batch, batch / 2, batch / 2, microBatch == null ? batch : microBatch,
        System.getProperty("ai.djl.pytorch.num_threads", "default"), System.getenv("ONEDNN_MAX_CPU_ISA"));
    List<Double> kvMs = run(concept, TrainedWeights.CROSSATTN_KV);
    List<Double> allMs = run(concept, TrainedWeights.ALL_UNET);
    if (kvMs.isEmpty() || allMs.isEmpty()) {
      return 1;
    }
    double kv = Medians.of(kvMs);
    double all = Medians.of(allMs);
    System.out.printf(Locale.ROOT, "train.step trainable=crossattn_kv median_ms=%.0f steps_per_s=%.3f%n", kv, 1000 / kv);
    System.out.printf(Locale.ROOT, "train.step trainable=all_unet     median_ms=%.0f steps_per_s=%.3f%n", all, 1000 / all);
    System.out.printf(Locale.ROOT, "ratio kv/all step time=%.2f (K/V-only is %.2fx the speed of all-UNet)%n", kv / all, all / kv);
    return 0;
  }

  private List<Double> run(ConceptSpec concept, TrainedWeights trained) throws Exception {
    try (StableDiffusionModel sd = StableDiffusionModel.load(fixtures, Device.cpu());
        NDManager m = NDManager.newBaseManager(Device.cpu())) {
      sd.setTokenizer(FixtureTokenizer.load(fixtures));
      CoreTrainingModel model = new CoreTrainingModel(sd);
      DataOptions d = DataOptions.diffusersDefaults(model.imageSize(), model.latentSize());
      TrainOptions o = TrainOptions.defaults(1, d).withBatch(batch, microBatch == null ? batch : microBatch).withTrained(trained).withCheckpointEvery(0);
      List<CaptionedImage> instances = TrainingData.loadInstances(
          ImageFolder.list(concept.instanceDir(), concept.instancePrompt()), concept.instancePrompt(), 0, d);
      List<CaptionedImage> classes = TrainingData.loadClassImages(ImageFolder.list(concept.regularizationDir(), "photo of a cat"), 0, d);
      TrainingData data = new TrainingData(d, instances, classes, o.seed());
      Map<String, Integer> ids = ModifierTokens.add(model, List.of(concept), TokenInit.word("dog"));
      List<Double> ms = new ArrayList<>();
      try (CustomDiffusionTrainer trainer = new CustomDiffusionTrainer(model, o, data, ids, m)) {
        for (int i = 0; i < warmup + steps; i++) {
          long t0 = System.nanoTime();
          try {
            trainer.runStep();
          } catch (IllegalStateException nonFinite) {
            // reported, not hidden: a timing of a broken step would mean nothing
            System.out.printf(Locale.ROOT, "  %s FAILED at step %d: %s%n", trained.name().toLowerCase(Locale.ROOT), i + 1,
                nonFinite.getMessage());
            return List.of();
          }
          if (i >= warmup) {
            ms.add((System.nanoTime() - t0) / 1e6);
          }
        }
      }
      System.out.printf(Locale.ROOT, "  %s step ms: %s%n", trained.name().toLowerCase(Locale.ROOT), ms.stream()
          .map(x -> String.format(Locale.ROOT, "%.0f", x)).toList());
      return ms;
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new TrainBench()).execute(args));
  }
}
