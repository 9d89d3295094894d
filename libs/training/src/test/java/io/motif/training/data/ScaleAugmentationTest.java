package io.motif.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.motif.diffusion.safetensors.SafetensorsFile;
import io.motif.training.Fixtures;
import io.motif.training.rng.SplitMix64;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ScaleAugmentationTest {
  private final ScaleAugmentation diffusers = new ScaleAugmentation(true, ScaleAugmentation.MiddleBand.PASTE, true);

  @Test
  void masksEqualTheReferenceScriptsMasksForTheFixtureDraws() throws Exception {
    BufferedImage img = solid(96, Color.RED);
    try (NDManager manager = NDManager.newBaseManager(); SafetensorsFile f = SafetensorsFile.open(Fixtures.trainStep())) {
      for (int step = 1; step <= 2; step++) {
        long[] draws = f.load("step" + step + ".aug_scale_top_left", manager).toLongArray();
        float[] refMask = f.load("step" + step + ".mask", manager).toFloatArray();
        for (int row = 0; row < 2; row++) {
          ScaleDraw d = new ScaleDraw((int) draws[3 * row], (int) draws[3 * row + 1], (int) draws[3 * row + 2], "");
          MaskedImage mi = diffusers.render(img, 64, 32, d, Resampling.BILINEAR);
          float[] expected = java.util.Arrays.copyOfRange(refMask, row * 1024, (row + 1) * 1024);
          assertThat(mi.mask()).as("step %d row %d", step, row).containsExactly(expected);
        }
      }
    }
  }

  @Test
  void smallImagesArePastedOnAMidGreyCanvasAtTheirPlace() {
    MaskedImage mi = diffusers.render(solid(64, Color.WHITE), 64, 32, new ScaleDraw(30, 7, 19, ""), Resampling.BILINEAR);
    float[] p = mi.pixels();
    assertThat(p[7 * 64 + 19]).isEqualTo(1f); // top-left pasted pixel, red channel, white image
    assertThat(p[6 * 64 + 19]).isEqualTo(0f); // just above: canvas
    assertThat(p[(7 + 29) * 64 + 19 + 29]).isEqualTo(1f);
    assertThat(p[(7 + 30) * 64 + 19]).isEqualTo(0f);
    assertThat(mi.maskSum()).isEqualTo(169.0);
  }

  @Test
  void drawsFollowTheReferenceDistributionAndPrefixes() {
    SplitMix64 rng = new SplitMix64(7);
    int small = 0;
    int large = 0;
    int n = 20000;
    for (int i = 0; i < n; i++) {
      ScaleDraw d = diffusers.draw(64, rng);
      assertThat(d.scale() % 2).isZero();
      assertThat(d.scale()).isBetween(64 / 3, (int) (1.4 * 64) + 1);
      if (d.scale() > 64) {
        large++;
        assertThat(d.prefix()).isIn("zoomed in ", "close up ");
        assertThat(d.top()).isBetween(0, d.scale() - 64);
      } else if (d.scale() < 0.6 * 64) {
        small++;
        assertThat(d.prefix()).isIn("a far away ", "very small ");
        assertThat(d.top() + d.scale()).isLessThanOrEqualTo(64);
      } else {
        assertThat(d.prefix()).isEmpty();
      }
    }
    assertThat(large / (double) n).isBetween(0.32, 0.36); // 1 − 0.66
    assertThat(small).isPositive();
  }

  @Test
  void withoutPrefixesTheDrawsAreTheSameAndTheCaptionsUntouched() {
    ScaleAugmentation bare = new ScaleAugmentation(true, ScaleAugmentation.MiddleBand.PASTE, false);
    SplitMix64 a = new SplitMix64(11);
    SplitMix64 b = new SplitMix64(11);
    int shrunkOrEnlarged = 0;
    for (int i = 0; i < 200; i++) {
      ScaleDraw withPrefix = diffusers.draw(64, a);
      ScaleDraw without = bare.draw(64, b);
      assertThat(without.prefix()).isEmpty();
      assertThat(new int[] {without.scale(), without.top(), without.left()})
          .containsExactly(withPrefix.scale(), withPrefix.top(), withPrefix.left());
      shrunkOrEnlarged += withPrefix.prefix().isEmpty() ? 0 : 1;
    }
    assertThat(shrunkOrEnlarged).isPositive();
  }

  @Test
  void compVisMiddleBandFillsTheCanvasWithAFullMask() {
    ScaleAugmentation cv = new ScaleAugmentation(true, ScaleAugmentation.MiddleBand.FILL, true);
    MaskedImage mi = cv.render(solid(64, Color.WHITE), 64, 32, new ScaleDraw(50, 6, 3, ""), Resampling.BICUBIC);
    assertThat(mi.maskSum()).isEqualTo(1024.0);
    assertThat(mi.pixels()[0]).isEqualTo(1f);
  }

  @Test
  void withoutAugmentationDiffusersStillMasksTheOnePixelBorder() {
    ScaleAugmentation off = new ScaleAugmentation(false, ScaleAugmentation.MiddleBand.PASTE, true);
    ScaleDraw d = off.draw(64, new SplitMix64(1));
    MaskedImage mi = off.render(solid(64, Color.WHITE), 64, 32, d, Resampling.BILINEAR);
    assertThat(mi.maskSum()).isEqualTo(30.0 * 30.0);
  }

  static BufferedImage solid(int side, Color c) {
    BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(c);
    g.fillRect(0, 0, side, side);
    g.dispose();
    return img;
  }
}
