package io.motif.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the shared parity fixtures live (surefire passes {@code motif.fixtures.dir}). */
public final class Fixtures {
  private Fixtures() {}

  public static Path dir() {
    String configured = System.getProperty("motif.fixtures.dir", "../../../shared/fixtures/public");
    Path p = Paths.get(configured).toAbsolutePath().normalize();
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException("fixtures not found at " + p + " (set -Dmotif.fixtures.dir)");
    }
    return p;
  }

  public static Path trainStep() {
    return dir().resolve("train_step/train_step.safetensors");
  }
}
