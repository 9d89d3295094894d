package io.motif.training.data;

import io.motif.training.rng.SplitMix64;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Instance and class (regularization) examples of one run, and the batches drawn from them.
 *
 * <p>As diffusers' dataset: the run has max(#instance, #class) examples; example i pairs instance i mod #instance with
 * class i mod #class; a batch holds k instance rows followed by their k class rows. Several concepts share one pool
 * (joint training), each instance keeping its own prompt. Decoded images are cached, instance images at most
 * 2× the training size (larger crops are never needed: the scale augmentation stops at 1.4×), class images at it.
 */
public final class TrainingData {
  private final DataOptions options;
  private final List<CaptionedImage> instances;
  private final List<CaptionedImage> classes;
  private final DataOrder order;
  private final SplitMix64 augmentRng;
  private final ScaleAugmentation augmentation;

  public TrainingData(DataOptions options, List<CaptionedImage> instances, List<CaptionedImage> classes, long seed) {
    if (instances.isEmpty()) {
      throw new IllegalArgumentException("no instance images");
    }
    this.options = options;
    this.instances = List.copyOf(instances);
    this.classes = List.copyOf(classes);
    this.order = new DataOrder(Math.max(instances.size(), classes.size()), SplitMix64.stream(seed, "data-order"));
    this.augmentRng = SplitMix64.stream(seed, "augmentation");
    this.augmentation = options.augmentation();
  }

  /** Decodes and squares instance images for one concept (cached at up to 2× the training size). */
  public static List<CaptionedImage> loadInstances(List<ImageFolder.Entry> entries, String prompt, int concept,
      DataOptions options) throws IOException {
    List<CaptionedImage> out = new ArrayList<>();
    for (ImageFolder.Entry e : entries) {
      BufferedImage sq = Images.square(Images.read(e.image()), options.fit(), 2 * options.size(), options.resampling());
      if (sq.getWidth() > 2 * options.size()) {
        sq = Images.resize(sq, 2 * options.size(), 2 * options.size(), options.resampling());
      }
      out.add(new CaptionedImage(sq, prompt, concept));
    }
    return out;
  }

  /**
   * Decodes class images with their own captions, resized so the shorter side is the training size (then cropped
   * to a square per draw, centrally or at random), as torchvision's {@code Resize(size)} + crop.
   */
  public static List<CaptionedImage> loadClassImages(List<ImageFolder.Entry> entries, int concept, DataOptions options)
      throws IOException {
    List<CaptionedImage> out = new ArrayList<>();
    int size = options.size();
    for (ImageFolder.Entry e : entries) {
      BufferedImage img = Images.read(e.image());
      double k = (double) size / Math.min(img.getWidth(), img.getHeight());
      int w = Math.max(size, (int) Math.round(img.getWidth() * k));
      int h = Math.max(size, (int) Math.round(img.getHeight() * k));
      out.add(new CaptionedImage(Images.resize(img, w, h, options.resampling()), e.caption(), concept));
    }
    return out;
  }

  public boolean hasClassImages() {
    return !classes.isEmpty();
  }

  public int instanceCount() {
    return instances.size();
  }

  public int classCount() {
    return classes.size();
  }

  /** The next micro-batch with {@code pairs} instance rows (and as many class rows when there are class images). */
  public Batch next(int pairs) {
    int size = options.size();
    int m = options.latentSize();
    int rows = classes.isEmpty() ? pairs : 2 * pairs;
    int plane = 3 * size * size;
    float[] pixels = new float[rows * plane];
    float[] masks = new float[pairs * m * m];
    String[] prompts = new String[rows];
    List<ScaleDraw> draws = new ArrayList<>();
    for (int r = 0; r < pairs; r++) {
      int example = order.next();
      CaptionedImage inst = instances.get(example % instances.size());
      BufferedImage img = maybeFlip(inst.image());
      ScaleDraw d = augmentation.draw(size, augmentRng);
      MaskedImage mi = augmentation.render(img, size, m, d, options.resampling());
      System.arraycopy(mi.pixels(), 0, pixels, r * plane, plane);
      System.arraycopy(mi.mask(), 0, masks, r * m * m, m * m);
      prompts[r] = d.prefix() + inst.caption();
      draws.add(d);
      if (!classes.isEmpty()) {
        CaptionedImage cls = classes.get(example % classes.size());
        float[] cp = renderClass(maybeFlip(cls.image()));
        System.arraycopy(cp, 0, pixels, (pairs + r) * plane, plane);
        prompts[pairs + r] = cls.caption();
      }
    }
    return new Batch(pixels, masks, Arrays.asList(prompts), pairs, draws, size, m);
  }

  private BufferedImage maybeFlip(BufferedImage img) {
    return options.flip() && augmentRng.nextBoolean() ? Images.flipHorizontally(img) : img;
  }

  private float[] renderClass(BufferedImage img) {
    int size = options.size();
    int dx = img.getWidth() - size;
    int dy = img.getHeight() - size;
    int left = options.randomClassCrop() ? augmentRng.nextInt(dx + 1) : dx / 2;
    int top = options.randomClassCrop() ? augmentRng.nextInt(dy + 1) : dy / 2;
    float[] out = new float[3 * size * size];
    Images.blit(img, left, top, size, size, out, size, 0, 0);
    return out;
  }

  /** Data order and augmentation generator state, for checkpoints. */
  public State state() {
    return new State(order.state(), augmentRng.state());
  }

  public void restore(State s) {
    order.restore(s.order());
    augmentRng.restore(s.augmentRngState());
  }

  public record State(DataOrder.State order, long augmentRngState) {}
}
