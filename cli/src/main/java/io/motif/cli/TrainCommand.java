package io.motif.cli;

import io.motif.diffusion.pipeline.Devices;
import io.motif.training.CaptionConventions;
import io.motif.training.ConceptSpec;
import io.motif.training.CpuKernels;
import io.motif.training.TokenInit;
import io.motif.training.TokenTraining;
import io.motif.training.TrainOptions;
import io.motif.training.TrainedWeights;
import io.motif.training.TrainingCheckpoint;
import io.motif.training.TrainingProgress;
import io.motif.training.TrainingRequest;
import io.motif.training.TrainingResult;
import io.motif.training.TrainingRun;
import io.motif.training.data.DataOptions;
import io.motif.training.data.ImageFit;
import io.motif.training.data.Resampling;
import io.motif.training.data.ScaleAugmentation;
import io.motif.training.optim.AdamWConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./motif train}: Custom Diffusion fine-tuning of a base model on one or more concepts, with a progress bar,
 * periodic checkpoints (Ctrl-C checkpoints and stops; {@code --resume} continues) and the delta written in diffusers'
 * Custom Diffusion format with a manifest.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Teach a base model new concepts with Custom Diffusion (cross-attention K/V + a modifier token).",
        "Example: ./motif train --model models/motif-tiny --concept images=my-cat,prompt=\"photo of a <new1> cat\",class=cat"
            + " --regularization reg/cat --out out/cat"})
public final class TrainCommand implements Callable<Integer> {
  private static final Pattern TOKEN = Pattern.compile("<[^<>\\s]+>");

  @Option(names = "--model", required = true, description = "diffusers-format base model folder")
  Path model;

  @Option(names = "--concept", required = true, description = {
      "images=DIR,prompt=\"photo of a <new1> cat\",class=cat[,class_prompt=\"photo of a cat\"][,reg=DIR][,style=true]",
      "repeat for joint training (one token each: <new1>, <new2> …); without prompt: 'photo of a <newN> CLASS'",
      "(or the model's own caption style, from its " + CaptionConventions.FILE + ")",
      "(style=true: 'painting in the style of <newN>')"})
  List<String> concepts;

  @Option(names = "--regularization", description = "regularization images (with caption.txt or NAME.txt) for concepts without reg=")
  Path regularization;

  @Option(names = "--generate-prior", defaultValue = "0",
      description = "class images to generate with the base model for concepts without regularization images (default ${DEFAULT-VALUE}: none)")
  int generatePrior;

  @Option(names = "--steps", description = "optimizer steps (default 250 for one concept, 500 for several)")
  Integer steps;

  @Option(names = "--batch", defaultValue = "8", description = "rows per step, instance + class (default ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--micro-batch", description = "rows per forward pass; gradients accumulate over batch/micro-batch passes (default: batch)")
  Integer microBatch;

  @Option(names = "--base-lr", defaultValue = "1e-5", description = "learning rate per row: lr = base × batch (default ${DEFAULT-VALUE})")
  double baseLr;

  @Option(names = "--lr", description = "absolute learning rate (overrides --base-lr scaling)")
  Double lr;

  @Option(names = "--token-lr", description = "learning rate of the modifier-token rows (default: the model folder's "
      + TokenTraining.FILE + ", else the same as the UNet weights', as the reference)")
  Double tokenLr;

  @Option(names = "--token-max-norm", description = "scale a token row longer than this back to it after every step "
      + "(default: the model folder's " + TokenTraining.FILE + ", else unbounded, as the reference)")
  Double tokenMaxNorm;

  @Option(names = "--trained", defaultValue = "crossattn_kv", description = "crossattn_kv (default) or crossattn")
  String trained;

  @Option(names = "--init",
      description = "initializer word per new token, '+'-separated (default: the reference's rare tokens ktn+pll+ucd"
          + " where the vocabulary has them, else each concept's class word)")
  String init;

  @Option(names = "--max-grad-norm", defaultValue = "1.0", description = "global-norm clipping, ≤0 disables (default ${DEFAULT-VALUE})")
  double maxGradNorm;

  @Option(names = "--prior-weight", defaultValue = "1.0", description = "weight of the class-image loss (default ${DEFAULT-VALUE})")
  double priorWeight;

  @Option(names = "--seed", defaultValue = "42", description = "seed of all data, timestep and noise draws (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--checkpoint-every", defaultValue = "50", description = "steps between checkpoints, 0 = none (default ${DEFAULT-VALUE})")
  int checkpointEvery;

  @Option(names = "--resume", description = "checkpoint folder to continue from, or 'auto' for the newest under OUT/checkpoints")
  String resume;

  @Option(names = "--fit", defaultValue = "crop", description = "non-square images: crop (centre, CompVis) or squash (diffusers) (default ${DEFAULT-VALUE})")
  String fit;

  @Option(names = "--resampling", defaultValue = "bilinear", description = "bilinear (diffusers) or bicubic (CompVis) (default ${DEFAULT-VALUE})")
  String resampling;

  @Option(names = "--flip", description = "random horizontal flips")
  boolean flip;

  @Option(names = "--no-augment", description = "disable the scale augmentation")
  boolean noAugment;

  @Option(names = "--no-scale-prefixes",
      description = "keep captions as they are when the augmentation shrinks or enlarges an image (no \"a far away\", "
          + "\"zoomed in\" …): for models whose text encoder never learnt those words, such as motif-tiny")
  boolean noScalePrefixes;

  @Option(names = "--middle-band", defaultValue = "paste",
      description = "scales 0.6–1.0: paste (diffusers, masked) or fill (CompVis, full mask) (default ${DEFAULT-VALUE})")
  String middleBand;

  @Option(names = "--keep-frozen-rows", description = "do not weight-decay the other token rows (the reference does)")
  boolean keepFrozenRows;

  @Option(names = "--out", required = true, description = "output folder for the delta, manifest and checkpoints")
  Path out;

  private final PrintStream err;

  public TrainCommand() {
    this(System.err);
  }

  TrainCommand(PrintStream err) {
    this.err = err;
  }

  private TokenTraining tokenTraining() throws IOException {
    return tokenTraining(model, tokenLr, tokenMaxNorm);
  }

  /** The model folder's token training with the flags given ({@code null}: not given) over it. */
  static TokenTraining tokenTraining(Path model, Double lr, Double maxNorm) throws IOException {
    TokenTraining flags;
    try {
      flags = new TokenTraining(lr != null ? lr : Double.NaN, maxNorm != null ? maxNorm : Double.NaN);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(new TrainCommand()),
          e.getMessage().replace("token learning_rate", "--token-lr").replace("token max_norm", "--token-max-norm"));
    }
    return TokenTraining.of(model).overriddenBy(flags);
  }

  @Override
  public Integer call() throws Exception {
    CaptionConventions captions = CaptionConventions.of(model);
    List<ConceptSpec> specs = new ArrayList<>();
    for (int i = 0; i < concepts.size(); i++) {
      specs.add(parseConcept(concepts.get(i), i + 1, regularization, captions));
    }
    DataOptions data = new DataOptions(0, 0, fit.equalsIgnoreCase("squash") ? ImageFit.SQUASH : ImageFit.CENTER_CROP,
        Resampling.valueOf(resampling.toUpperCase(Locale.ROOT)), flip, !noAugment,
        ScaleAugmentation.MiddleBand.valueOf(middleBand.toUpperCase(Locale.ROOT)), false,
        captions.scalePrefixes() && !noScalePrefixes);
    int n = steps != null ? steps : (specs.size() > 1 ? 500 : 250);
    TrainOptions options = new TrainOptions(n, batch, microBatch != null ? microBatch : batch, baseLr,
        lr != null ? lr : Double.NaN, AdamWConfig.defaults(), maxGradNorm, priorWeight, TrainedWeights.parse(trained),
        true, !keepFrozenRows, checkpointEvery, seed, data, tokenTraining());
    Path resumeFrom = null;
    if (resume != null) {
      resumeFrom = resume.equals("auto") ? TrainingCheckpoint.latest(out.resolve("checkpoints")) : Path.of(resume);
      if (resumeFrom == null) {
        err.println("no checkpoint under " + out.resolve("checkpoints") + ": starting from step 0");
      }
    }
    TrainingRequest req = new TrainingRequest(model, specs, init == null ? TokenInit.rareTokensOrClassWord() : new TokenInit(Arrays.asList(init.split("\\+"))), options,
        out, null, resumeFrom, generatePrior, null);
    // Ctrl-C: ask the run to checkpoint and stop, and hold the JVM's shutdown until it has
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop.set(true);
      try {
        finished.await(10, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Runtime.getRuntime().addShutdownHook(hook);
    String kernelWarning = CpuKernels.warning(Devices.preferred());
    if (kernelWarning != null) {
      err.println(kernelWarning);
    }
    ProgressBar bar = new ProgressBar(err);
    err.printf(Locale.ROOT, "training %s: %d steps, batch %d (micro %d), lr %.2e (tokens %.2e%s), %s%n",
        specs.stream().map(ConceptSpec::token).toList(), n, options.batchSize(), options.microBatch(),
        options.effectiveLearningRate(), options.effectiveTokenLearningRate(),
        options.token().bounded() ? String.format(Locale.ROOT, ", norm ≤ %.3g", options.token().maxNorm()) : "",
        options.trained().name().toLowerCase(Locale.ROOT));
    TrainingResult result;
    try {
      result = TrainingRun.run(req, bar, stop::get);
    } finally {
      finished.countDown();
    }
    bar.finish();
    if (result.stopped()) {
      err.println("stopped at step " + result.steps() + "; resume with --resume " + result.lastCheckpoint());
      return 130;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // already exiting: nothing to remove
    }
    err.printf(Locale.ROOT, "delta written to %s (%d steps, %.1f s, final loss %.4f)%n", result.deltaDir(),
        result.steps(), result.seconds(), result.lossCurve().get(result.lossCurve().size() - 1));
    return 0;
  }

  /** Parses {@code key=value,key="quoted, value"} into a concept; its token is the first {@code <…>} of the prompt. */
  static ConceptSpec parseConcept(String text, int index, Path defaultReg, CaptionConventions captions) {
    Map<String, String> kv = parsePairs(text);
    String images = kv.get("images");
    String cls = kv.get("class");
    if (images == null || cls == null) {
      throw new CommandLine.ParameterException(new CommandLine(new TrainCommand()),
          "--concept needs images=DIR and class=WORD: " + text);
    }
    String prompt = kv.get("prompt");
    if (prompt == null) {
      String token = "<new" + index + ">";
      prompt = Boolean.parseBoolean(kv.getOrDefault("style", "false"))
          ? ConceptSpec.stylePrompt(token) : captions.instancePrompt(token, cls);
    }
    Matcher m = TOKEN.matcher(prompt);
    if (!m.find()) {
      throw new IllegalArgumentException("the prompt '" + prompt + "' names no modifier token like <new1>");
    }
    String classPrompt = kv.getOrDefault("class_prompt", captions.classPrompt(cls));
    Path reg = kv.containsKey("reg") ? Path.of(kv.get("reg")) : defaultReg;
    return new ConceptSpec(m.group(), Path.of(images), prompt, cls, classPrompt, reg);
  }

  static Map<String, String> parsePairs(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    while (i < text.length()) {
      int eq = text.indexOf('=', i);
      if (eq < 0) {
        throw new IllegalArgumentException("expected key=value in '" + text + "'");
      }
      String key = text.substring(i, eq).trim();
      int j = eq + 1;
      StringBuilder value = new StringBuilder();
      if (j < text.length() && text.charAt(j) == '"') {
        int close = text.indexOf('"', j + 1);
        if (close < 0) {
          throw new IllegalArgumentException("unclosed quote in '" + text + "'");
        }
        value.append(text, j + 1, close);
        j = close + 1;
      }
      int comma = text.indexOf(',', j);
      int end = comma < 0 ? text.length() : comma;
      value.append(text, j, end);
      out.put(key, value.toString().trim());
      i = end + 1;
    }
    return out;
  }

  /** A one-line terminal progress bar: step, loss, lr, steps/s, ETA. */
  static final class ProgressBar implements TrainingProgress.Listener {
    private final PrintStream err;

    ProgressBar(PrintStream err) {
      this.err = err;
    }

    @Override
    public void onStep(TrainingProgress p) {
      int width = 30;
      int filled = (int) Math.round(width * p.step() / (double) p.totalSteps());
      long eta = Math.round(p.etaSeconds());
      err.printf(Locale.ROOT, "\r[%s%s] %d/%d loss %.4f lr %.1e %.2f step/s ETA %d:%02d   ",
          "#".repeat(filled), ".".repeat(width - filled), p.step(), p.totalSteps(), p.loss(), p.learningRate(),
          p.stepsPerSecond(), eta / 60, eta % 60);
      err.flush();
    }

    @Override
    public void onCheckpoint(int step, Path dir) {
      err.printf("%n  checkpoint %s%n", dir);
    }

    void finish() {
      err.println();
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new TrainCommand()).execute(args));
  }
}
