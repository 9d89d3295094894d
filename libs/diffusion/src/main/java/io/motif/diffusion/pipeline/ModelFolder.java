package io.motif.diffusion.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the parts of a diffusers model folder live, and which weight files Motif accepts. */
public final class ModelFolder {

    private ModelFolder() {
    }

    /**
     * {@code dir/<base>.safetensors}. A {@code .bin} (Python pickle) is refused with a clear message: unpickling
     * can run arbitrary code and Motif never does it.
     */
    public static Path weightsFile(Path dir, String base) throws IOException {
        Path st = dir.resolve(base + ".safetensors");
        if (Files.isRegularFile(st)) {
            return st;
        }
        Path bin = dir.resolve(base + ".bin");
        if (Files.isRegularFile(bin)) {
            throw new IOException(bin + " is a PyTorch pickle; convert it to safetensors (pickles are never loaded)");
        }
        throw new IOException("no " + st.getFileName() + " in " + dir);
    }

    /** The scheduler config: {@code scheduler/scheduler_config.json}. */
    public static Path schedulerConfig(Path root) {
        return root.resolve("scheduler").resolve("scheduler_config.json");
    }
}
