package io.motif.training;

import io.motif.diffusion.tokenizer.WordLevelTokenizer;
import io.motif.training.data.SyntheticImages;
import java.io.IOException;
import java.nio.file.Path;

/** A handful of generated images (a concept and its class) and the fixture's toy word-level tokenizer. */
final class TinyConcept {
  private TinyConcept() {}

  static WordLevelTokenizer tokenizer() throws IOException {
    return FixtureTokenizer.load(Fixtures.dir());
  }

  static Path images(Path dir, int n, boolean striped, long seed) throws IOException {
    return SyntheticImages.write(dir, n, striped, seed, striped ? null : "photo of a cat");
  }
}
