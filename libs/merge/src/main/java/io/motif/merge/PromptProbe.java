package io.motif.merge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.motif.diffusion.delta.CustomDiffusionDelta;
import io.motif.diffusion.safetensors.SafetensorsFile;
import io.motif.diffusion.text.ClipTextEncoder;
import io.motif.diffusion.tokenizer.ClipBpeTokenizer;
import io.motif.diffusion.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ejml.data.DMatrixRMaj;

/**
 * Text features of one fixed prompt through the base model's text encoder with a delta's tokens added: what the
 * K/V matrices of that delta actually see, used to measure how much compression changes their outputs.
 */
public final class PromptProbe {

    private PromptProbe() {
    }

    /** The default prompt for a delta: "a photo of &lt;token&gt; category" from its first concept. */
    public static String defaultPrompt(Path delta, Map<String, NDArray> tokens) throws IOException {
        Optional<MergeManifest.Info> info = MergeManifest.read(delta);
        String token = tokens.isEmpty() ? "" : tokens.keySet().iterator().next();
        String category = info.flatMap(i -> i.concepts().stream().filter(c -> token.equals(c.token())).findFirst())
                .map(MergeManifest.Concept::classWord).orElse("");
        return ("a photo of " + token + " " + category).strip().replaceAll("\\s+", " ");
    }

    /** Feature rows and where they came from. */
    public record Probe(String source, DMatrixRMaj features) {
    }

    /**
     * Features of {@code prompt} (null: {@link #defaultPrompt}). A folder without {@code tokenizer/} cannot encode
     * a prompt; if it is a parity fixture with a merge fixture, its stored target-prompt features are used instead,
     * otherwise the result is empty.
     */
    public static Optional<Probe> features(Path modelDir, Path delta, String prompt) throws IOException {
        if (!Files.isRegularFile(modelDir.resolve("tokenizer").resolve("vocab.json"))
                || !Files.isDirectory(modelDir.resolve("text_encoder"))) {
            if (MergeFixture.presentIn(modelDir)) {
                try (SafetensorsFile file = SafetensorsFile.open(modelDir.resolve(MergeFixture.FILE))) {
                    return Optional.of(new Probe("the fixture's stored target-prompt features (C_target)",
                            DenseTensors.read(file, "C_target")));
                }
            }
            return Optional.empty();
        }
        try (NDManager manager = NDManager.newBaseManager();
             CustomDiffusionDelta d = CustomDiffusionDelta.read(delta, manager)) {
            Tokenizer tokenizer = ClipBpeTokenizer.load(modelDir.resolve("tokenizer"));
            ClipTextEncoder encoder = ClipTextEncoder.load(modelDir.resolve("text_encoder"), manager);
            for (Map.Entry<String, NDArray> t : d.tokens().entrySet()) {
                if (tokenizer.idOf(t.getKey()) < 0) {
                    tokenizer.addToken(t.getKey());
                    encoder.addTokens(t.getValue().reshape(1, -1));
                }
            }
            String text = prompt != null ? prompt : defaultPrompt(delta, d.tokens());
            return Optional.of(new Probe("\"" + text + "\"", PromptFeatures.extract(encoder, tokenizer, List.of(text))));
        }
    }
}
