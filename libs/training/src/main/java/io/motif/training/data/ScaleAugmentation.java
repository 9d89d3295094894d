package io.motif.training.data;

import io.motif.training.rng.SplitMix64;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

/**
 * Custom Diffusion's scale augmentation of target images and the latent loss mask that goes with it.
 *
 * <p>Scale s: with probability 0.66 uniform in [size/3, size], otherwise in [1.2·size, 1.4·size), made even.
 * s &lt; 0.6·size prefixes "a far away " or "very small "; s &gt; size prefixes "zoomed in " or "close up " and takes
 * a random size² crop with an all-ones mask. Small images are pasted on a zero (mid-grey) canvas and the mask is 1 on
 * {@code [top/f+1, (top+s)/f−1)} in both axes — one latent pixel inside the pasted region, as both references build it.
 */
public final class ScaleAugmentation {
  /** What happens for 0.6·size ≤ s ≤ size, where the two reference code bases differ. */
  public enum MiddleBand {
    /** diffusers: paste at scale s like the small ones, without a caption prefix (mask inset by one latent pixel). */
    PASTE,
    /** CompVis: resize to the full size and use an all-ones mask. */
    FILL
  }

  static final List<String> SMALL_PREFIXES = List.of("a far away ", "very small ");
  static final List<String> LARGE_PREFIXES = List.of("zoomed in ", "close up ");

  private final boolean enabled;
  private final MiddleBand middleBand;
  private final boolean prefixes;

  /** @param prefixes whether shrunk and enlarged images get the reference's caption prefixes (else none) */
  public ScaleAugmentation(boolean enabled, MiddleBand middleBand, boolean prefixes) {
    this.enabled = enabled;
    this.middleBand = middleBand;
    this.prefixes = prefixes;
  }

  /** Draws scale, caption prefix and placement for one target image of side {@code size}. */
  public ScaleDraw draw(int size, SplitMix64 rng) {
    if (!enabled) {
      return ScaleDraw.identity(size);
    }
    int scale = rng.nextDouble() < 0.66
        ? rng.nextInt(size / 3, size + 1)
        : rng.nextInt((int) (1.2 * size), (int) (1.4 * size));
    if (scale % 2 == 1) {
      scale += 1;
    }
    String prefix = "";
    if (scale < 0.6 * size) {
      prefix = SMALL_PREFIXES.get(rng.nextInt(2));
    } else if (scale > size) {
      prefix = LARGE_PREFIXES.get(rng.nextInt(2));
    }
    if (!prefixes) {
      prefix = ""; // drawn all the same, so the rest of the draw matches the prefixed run's
    }
    int outer = Math.max(size, scale);
    int inner = Math.min(size, scale);
    int top = rng.nextInt(0, outer - inner + 1);
    int left = rng.nextInt(0, outer - inner + 1);
    return new ScaleDraw(scale, top, left, prefix);
  }

  /** Renders a square image under a draw: pixels [3, size, size] in [-1, 1] and the latent loss mask. */
  public MaskedImage render(BufferedImage square, int size, int latentSize, ScaleDraw d, Resampling resampling) {
    int factor = size / latentSize;
    float[] pixels = new float[3 * size * size];
    float[] mask = new float[latentSize * latentSize];
    int s = d.scale();
    boolean fill = middleBand == MiddleBand.FILL && enabled && s >= 0.6 * size && s <= size;
    if (s > size || fill) {
      BufferedImage scaled = Images.resize(square, fill ? size : s, fill ? size : s, resampling);
      int top = fill ? 0 : d.top();
      int left = fill ? 0 : d.left();
      Images.blit(scaled, left, top, size, size, pixels, size, 0, 0);
      Arrays.fill(mask, 1f);
    } else {
      BufferedImage scaled = Images.resize(square, s, s, resampling);
      Images.blit(scaled, 0, 0, s, s, pixels, size, d.left(), d.top());
      fillMask(mask, latentSize, d.top() / factor + 1, (d.top() + s) / factor - 1,
          d.left() / factor + 1, (d.left() + s) / factor - 1);
    }
    return new MaskedImage(pixels, mask, size, latentSize);
  }

  static void fillMask(float[] mask, int m, int rowFrom, int rowTo, int colFrom, int colTo) {
    for (int r = Math.max(0, rowFrom); r < Math.min(m, rowTo); r++) {
      for (int c = Math.max(0, colFrom); c < Math.min(m, colTo); c++) {
        mask[r * m + c] = 1f;
      }
    }
  }
}
