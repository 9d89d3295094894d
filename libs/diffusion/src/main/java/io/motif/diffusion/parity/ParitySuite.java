package io.motif.diffusion.parity;

import java.nio.file.Path;
import java.util.List;

/**
 * A group of parity checks against a fixture folder. Implementations are found with {@link java.util.ServiceLoader}
 * (each module lists its own in {@code META-INF/services/io.motif.diffusion.parity.ParitySuite}); a suite returns
 * results only for the checks whose reference tensors the folder holds.
 */
public interface ParitySuite {

    String name();

    List<ParityResult> run(Path fixtureDir) throws Exception;
}
