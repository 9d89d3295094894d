package io.motif.training;

import ai.djl.ndarray.NDManager;
import io.motif.diffusion.pipeline.Devices;
import io.motif.diffusion.pipeline.StableDiffusionModel;
import io.motif.training.data.CaptionedImage;
import io.motif.training.data.DataOptions;
import io.motif.training.data.ImageFolder;
import io.motif.training.data.TrainingData;
import io.motif.training.model.CoreTrainingModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Runs a {@link TrainingRequest} end to end: loads the base model, generates a class prior where asked, adds the
 * modifier tokens, builds the data, trains (resuming from a checkpoint if given) with progress reports and periodic
 * checkpoints, and writes the delta with its manifest. A stop request ends the run after a checkpoint, so a worker can
 * hand the job back and another can resume it.
 */
public final class TrainingRun {
  private TrainingRun() {}

  public static TrainingResult run(TrainingRequest req, TrainingProgress.Listener listener, BooleanSupplier stop)
      throws IOException {
    long started = System.nanoTime();
    try (StableDiffusionModel sd = StableDiffusionModel.load(req.modelDir(), Devices.preferred())) {
      if (req.tokenizer() != null) {
        sd.setTokenizer(req.tokenizer());
      }
      CoreTrainingModel model = new CoreTrainingModel(sd);
      TrainOptions options = req.options();
      DataOptions dataOptions = options.data().withSize(model.imageSize(), model.latentSize());
      TrainingData data = buildData(sd, req, dataOptions, options.seed());
      Map<String, Integer> tokenIds = ModifierTokens.add(model, req.concepts(), req.tokenInit());
      Path lastCheckpoint = null;
      try (NDManager manager = sd.manager().newSubManager();
          CustomDiffusionTrainer trainer = new CustomDiffusionTrainer(model, options, data, tokenIds, manager)) {
        if (req.resumeFrom() != null) {
          try (NDManager ckptManager = manager.newSubManager()) {
            TrainingCheckpoint.Loaded ckpt = TrainingCheckpoint.load(req.resumeFrom(), ckptManager);
            if (!ckpt.tokens().equals(tokenIds)) {
              throw new IllegalStateException("checkpoint tokens " + ckpt.tokens() + " differ from this run's " + tokenIds);
            }
            trainer.restore(ckpt);
          }
        }
        int firstStep = trainer.step();
        long loopStart = System.nanoTime();
        while (trainer.step() < options.steps()) {
          StepResult r = trainer.runStep();
          double elapsed = (System.nanoTime() - loopStart) / 1e9;
          double rate = (trainer.step() - firstStep) / elapsed;
          listener.onStep(new TrainingProgress(r.step(), options.steps(), r.loss(), r.instanceLoss(), r.priorLoss(),
              options.effectiveLearningRate(), r.gradNorm(), rate, (options.steps() - r.step()) / rate));
          boolean last = trainer.step() == options.steps();
          boolean due = options.checkpointEvery() > 0 && trainer.step() % options.checkpointEvery() == 0;
          boolean stopping = !last && stop.getAsBoolean();
          if ((due && !last) || stopping) {
            lastCheckpoint = TrainingCheckpoint.save(trainer, req.checkpoints());
            listener.onCheckpoint(trainer.step(), lastCheckpoint);
          }
          if (stopping) {
            return new TrainingResult(null, lastCheckpoint, trainer.step(), true, trainer.lossCurve(),
                (System.nanoTime() - started) / 1e9);
          }
        }
        DeltaExport.write(trainer, model.unetWeights(), req.outDir(), manager);
        TrainingResult result = new TrainingResult(req.outDir(), lastCheckpoint, trainer.step(), false,
            trainer.lossCurve(), (System.nanoTime() - started) / 1e9);
        TrainingManifest.write(req.outDir(), ModelHash.of(req.modelDir()), req.concepts(), tokenIds, req.tokenInit(),
            options, result, sd.manager().getDevice().toString());
        return result;
      }
    }
  }

  /** Instance images of every concept and their class images (a folder, or a generated prior, or none). */
  static TrainingData buildData(StableDiffusionModel sd, TrainingRequest req, DataOptions options, long seed)
      throws IOException {
    List<CaptionedImage> instances = new ArrayList<>();
    List<CaptionedImage> classes = new ArrayList<>();
    for (int i = 0; i < req.concepts().size(); i++) {
      ConceptSpec c = req.concepts().get(i);
      instances.addAll(TrainingData.loadInstances(ImageFolder.list(c.instanceDir(), c.instancePrompt()),
          c.instancePrompt(), i, options));
      Path regDir = c.regularizationDir();
      if (regDir == null && req.generatedPriorImages() > 0) {
        regDir = GeneratedPrior.ensure(sd, c.classPrompt(), req.generatedPriorImages(), seed + 1000L * i,
            req.outDir().resolve("class_images").resolve("concept" + i));
      }
      if (regDir != null) {
        classes.addAll(TrainingData.loadClassImages(ImageFolder.list(regDir, c.classPrompt()), i, options));
      }
    }
    return new TrainingData(options, instances, classes, seed);
  }
}
