package io.motif.merge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The captions whose features the merge keeps unchanged (C_reg): one per line, blank lines skipped, the first
 * {@link #REFERENCE_COUNT} used as in the reference (the paper mentions ~1000; its code reads 200).
 */
public final class RegularizationCaptions {

    public static final int REFERENCE_COUNT = 200;
    /** A model folder may ship its own default caption list under this name. */
    public static final String MODEL_FILE = "regularization_captions.txt";

    private RegularizationCaptions() {
    }

    /** Reads {@code file}, or the model folder's {@value #MODEL_FILE} when {@code file} is null. */
    public static List<String> load(Path file, Path modelDir, int max) throws IOException {
        Path source = file;
        if (source == null) {
            source = modelDir.resolve(MODEL_FILE);
            if (!Files.isRegularFile(source)) {
                throw new IOException("no regularization captions: pass --captions FILE (one caption per line, "
                        + "~200 ordinary captions of the concepts' categories) or put " + MODEL_FILE + " in "
                        + modelDir);
            }
        }
        List<String> captions = Files.readAllLines(source, StandardCharsets.UTF_8).stream().map(String::strip)
                .filter(s -> !s.isEmpty()).limit(max).toList();
        if (captions.isEmpty()) {
            throw new IOException(source + " holds no captions");
        }
        return captions;
    }
}
