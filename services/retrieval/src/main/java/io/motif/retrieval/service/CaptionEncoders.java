package io.motif.retrieval.service;

import io.motif.retrieval.CaptionEncoder;
import io.motif.retrieval.ClipCaptionEncoder;
import io.motif.retrieval.HashedWordsEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Picks the caption encoder from configuration: {@code clip} (the base model's text encoder; needs
 * {@code text_encoder/} and a CLIP BPE {@code tokenizer/} in the model folder), {@code words} (lexical, no model), or
 * {@code auto}: clip when the model folder has both, words otherwise, said once in the log.
 */
final class CaptionEncoders {
    private static final Logger LOG = Logger.getLogger(CaptionEncoders.class);
    static final int WORDS_DIMENSION = 256;

    private CaptionEncoders() {
    }

    static CaptionEncoder create(String kind, Path modelDir, ClipCaptionEncoder.Pooling pooling) throws IOException {
        boolean clipAvailable = Files.isDirectory(modelDir.resolve("text_encoder"))
                && Files.isRegularFile(modelDir.resolve("tokenizer").resolve("vocab.json"));
        switch (kind) {
            case "clip":
                return ClipCaptionEncoder.load(modelDir, pooling);
            case "words":
                return new HashedWordsEncoder(WORDS_DIMENSION);
            case "auto":
                if (clipAvailable) {
                    return ClipCaptionEncoder.load(modelDir, pooling);
                }
                LOG.warnf("no CLIP text encoder + BPE tokenizer in %s: caption features are lexical (hashed words)",
                        modelDir);
                return new HashedWordsEncoder(WORDS_DIMENSION);
            default:
                throw new IllegalArgumentException("motif.retrieval.encoder must be clip, words or auto, was " + kind);
        }
    }
}
