package io.motif.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.motif.diffusion.delta.CustomDiffusionDelta;
import io.motif.diffusion.pipeline.Devices;
import io.motif.diffusion.pipeline.GenerationRequest;
import io.motif.diffusion.pipeline.StableDiffusionModel;
import io.motif.diffusion.pipeline.StableDiffusionPipeline;
import io.motif.training.data.Png;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
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
 * {@code ./motif sample}: images from a base model plus Custom Diffusion deltas, as PNGs carrying a {@code parameters}
 * text chunk (prompt, negative prompt, sampler, steps, guidance, seed, size, deltas) and a grid of all of them.
 */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Generate images with a base model and Custom Diffusion deltas.",
        "Example: ./motif sample --model models/motif-tiny --delta out/cat --prompt \"photo of a <new1> cat\" --seed 1 --out samples"})
public final class SampleCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "diffusers-format base model folder")
  Path model;

  @Option(names = "--delta", description = "delta folder (Custom Diffusion weights + <token>.safetensors); repeatable")
  List<Path> deltas = new ArrayList<>();

  @Option(names = "--prompt", required = true, description = "the prompt (use the deltas' tokens, e.g. <new1>)")
  String prompt;

  @Option(names = "--negative", defaultValue = "", description = "negative prompt (default: empty)")
  String negative;

  @Option(names = "--sampler", defaultValue = "ddim", description = "ddim, ddpm or dpmpp2m (default ${DEFAULT-VALUE})")
  String sampler;

  @Option(names = "--steps", defaultValue = "50", description = "denoising steps (default ${DEFAULT-VALUE})")
  int steps;

  @Option(names = "--guidance", defaultValue = "6", description = "classifier-free guidance scale, ≤1 disables (default ${DEFAULT-VALUE}, the paper's)")
  double guidance;

  @Option(names = "--eta", defaultValue = "0", description = "DDIM eta (default ${DEFAULT-VALUE})")
  double eta;

  @Option(names = "--seed", required = true, description = "seed of the initial noise")
  long seed;

  @Option(names = "--n", defaultValue = "4", description = "number of images (default ${DEFAULT-VALUE})")
  int n;

  @Option(names = "--out", required = true, description = "output folder for NNN.png and grid.png")
  Path out;

  private final PrintStream err;

  public SampleCommand() {
    this(System.err);
  }

  SampleCommand(PrintStream err) {
    this.err = err;
  }

  @Override
  public Integer call() throws Exception {
    try (StableDiffusionModel sd = StableDiffusionModel.load(model, Devices.preferred());
        NDManager m = sd.manager().newSubManager()) {
      if (sd.tokenizer() == null) {
        err.println(model + " has no tokenizer/ folder: prompts cannot be tokenized");
        return 2;
      }
      int withWeights = 0;
      for (Path d : deltas) {
        try (CustomDiffusionDelta delta = CustomDiffusionDelta.read(d, m)) {
          if (!delta.layers().isEmpty()) {
            withWeights++;
          }
          delta.applyTo(sd);
        }
      }
      if (withWeights > 1) {
        err.println("warning: " + withWeights + " deltas carry K/V weights; each replaces the previous one's, so only the"
            + " last applies in full. Merge them first (./motif merge) to use several concepts together.");
      }
      GenerationRequest req = new GenerationRequest(prompt, negative, n, seed, steps, guidance, sampler, eta, 0, 0);
      NDArray images = new StableDiffusionPipeline(sd).generate(req, m);
      List<BufferedImage> written = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        BufferedImage img = Png.fromChw(images.get(i));
        String params = String.format(Locale.ROOT,
            "%s%nNegative prompt: %s%nSteps: %d, Sampler: %s, CFG scale: %s, Seed: %d, Image: %d of %d, Size: %dx%d, Eta: %s,"
                + " Deltas: %s", prompt, negative, steps, sampler, guidance, seed, i, n, img.getWidth(), img.getHeight(),
            eta, deltas);
        Png.write(img, out.resolve(String.format("%03d.png", i)), Map.of("parameters", params));
        written.add(img);
      }
      int cols = (int) Math.ceil(Math.sqrt(n));
      Png.write(Png.grid(written, cols), out.resolve("grid.png"), Map.of("parameters", prompt));
      err.printf("%d images and grid.png written to %s%n", n, out);
      return 0;
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SampleCommand()).execute(args));
  }
}
