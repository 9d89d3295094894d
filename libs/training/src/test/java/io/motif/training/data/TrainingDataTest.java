package io.motif.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingDataTest {
  @TempDir Path tmp;

  @Test
  void batchesAreInstanceThenClassRowsWithOwnCaptionsAndRestoreExactly() throws Exception {
    Path inst = SyntheticImages.write(tmp.resolve("inst"), 3, true, 1, null);
    Path reg = SyntheticImages.write(tmp.resolve("reg"), 5, false, 2, "photo of a cat");
    Files.write(reg.resolve("caption.txt"), List.of("a cat on a mat", "a grey cat", "cat", "two cats", "a cat"));
    DataOptions o = DataOptions.diffusersDefaults(64, 32);
    TrainingData data = new TrainingData(o,
        TrainingData.loadInstances(ImageFolder.list(inst, "x"), "photo of a <new1> cat", 0, o),
        TrainingData.loadClassImages(ImageFolder.list(reg, "photo of a cat"), 0, o), 7);
    Batch b = data.next(2);
    assertThat(b.rows()).isEqualTo(4);
    assertThat(b.prompts().subList(0, 2)).allSatisfy(p -> assertThat(p).endsWith("photo of a <new1> cat"));
    assertThat(b.prompts().subList(2, 4)).allSatisfy(p -> assertThat(p).isIn("a cat on a mat", "a grey cat", "cat", "two cats", "a cat"));
    assertThat(b.pixels()).hasSize(4 * 3 * 64 * 64);
    assertThat(b.instanceMask()).hasSize(2 * 32 * 32);

    TrainingData.State saved = data.state();
    List<String> expected = new java.util.ArrayList<>();
    float[] expectedPixels = null;
    for (int i = 0; i < 4; i++) { // crosses an epoch boundary (5 examples)
      Batch next = data.next(2);
      expected.addAll(next.prompts());
      expectedPixels = next.pixels();
    }
    data.restore(saved);
    List<String> again = new java.util.ArrayList<>();
    float[] againPixels = null;
    for (int i = 0; i < 4; i++) {
      Batch next = data.next(2);
      again.addAll(next.prompts());
      againPixels = next.pixels();
    }
    assertThat(again).isEqualTo(expected);
    assertThat(againPixels).containsExactly(expectedPixels);
  }

  @Test
  void imageFolderReadsTheRetrievalLayoutAndSidecarCaptions() throws Exception {
    Path dir = SyntheticImages.write(tmp.resolve("retrieved/images"), 2, false, 3, null);
    Path root = tmp.resolve("retrieved");
    Files.write(root.resolve("images.txt"), List.of("images/01.png", dir.resolve("00.png").toString()));
    Files.write(root.resolve("caption.txt"), List.of("second image", "first image"));
    List<ImageFolder.Entry> e = ImageFolder.list(root, "fallback");
    assertThat(e).extracting(ImageFolder.Entry::caption).containsExactly("second image", "first image");
    assertThat(e.get(0).image().getFileName().toString()).isEqualTo("01.png");

    Path side = SyntheticImages.write(tmp.resolve("side"), 2, false, 4, null);
    Files.writeString(side.resolve("01.txt"), "a sidecar caption\n");
    assertThat(ImageFolder.list(side, "fallback")).extracting(ImageFolder.Entry::caption)
        .containsExactly("fallback", "a sidecar caption");
  }

  @Test
  void centreCropKeepsTheMiddleAndSquashKeepsEverything() {
    java.awt.image.BufferedImage wide = new java.awt.image.BufferedImage(30, 10, java.awt.image.BufferedImage.TYPE_INT_RGB);
    wide.setRGB(0, 5, 0xFFFFFF); // left edge: cropped away, squashed in
    java.awt.image.BufferedImage crop = Images.square(wide, ImageFit.CENTER_CROP, 10, Resampling.BILINEAR);
    assertThat(crop.getWidth()).isEqualTo(10);
    boolean anyWhite = false;
    for (int y = 0; y < 10; y++) {
      for (int x = 0; x < 10; x++) {
        anyWhite |= (crop.getRGB(x, y) & 0xFFFFFF) != 0;
      }
    }
    assertThat(anyWhite).isFalse();
    java.awt.image.BufferedImage squash = Images.square(wide, ImageFit.SQUASH, 10, Resampling.BILINEAR);
    assertThat(squash.getWidth()).isEqualTo(10);
    assertThat(squash.getHeight()).isEqualTo(10);
  }
}
