package io.motif.diffusion;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the public parity fixtures (system property {@code motif.fixtures.dir}, set by the build). */
public final class Fixtures {

    private Fixtures() {
    }

    public static Path publicDir() {
        String p = System.getProperty("motif.fixtures.dir", "../../../shared/fixtures/public");
        Path dir = Path.of(p);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("fixtures not found at " + dir.toAbsolutePath() + " (set -Dmotif.fixtures.dir)");
        }
        return dir;
    }
}
