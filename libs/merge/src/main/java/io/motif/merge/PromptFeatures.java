package io.motif.merge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.motif.diffusion.text.ClipTextEncoder;
import io.motif.diffusion.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * Text features of prompts as the merge uses them: the text encoder's last hidden state (after the final layer
 * norm, no attention mask, as SD pipelines call it), keeping per prompt the rows from just after BOS through the
 * first EOS.
 *
 * <p>The reference ({@code composenW.get_text_embedding}) also drops the three tokens of a leading "photo of a":
 * when {@code "photo of a"} occurs in the first 15 characters of the prompt, rows start at index 4 instead of 1.
 * That is a substring test on characters, reproduced exactly (so "a photo of a …" triggers it too).
 */
public final class PromptFeatures {

    /** Prompts per forward pass: fewer calls into the engine, while bounding a large encoder's activation memory. */
    private static final int BATCH = 64;

    private PromptFeatures() {
    }

    /** The reference's leading-"photo of a" test. */
    public static boolean dropsPhotoOfA(String prompt) {
        return prompt.substring(0, Math.min(15, prompt.length())).contains("photo of a");
    }

    /** {@code [start, end)} of the kept rows of one encoded prompt. */
    public static int[] keptRows(String prompt, long[] ids, int eosId) {
        int eos = -1;
        for (int i = 1; i < ids.length; i++) {
            if (ids[i] == eosId) {
                eos = i;
                break;
            }
        }
        if (eos < 0) {
            throw new IllegalArgumentException("encoded prompt has no EOS token: \"" + prompt + "\"");
        }
        int start = dropsPhotoOfA(prompt) ? 4 : 1;
        if (start > eos) {
            throw new IllegalArgumentException("prompt \"" + prompt + "\" keeps no token rows");
        }
        return new int[] {start, eos + 1};
    }

    /** The kept rows of every prompt, stacked in prompt order (float64 copy of the float32 features). */
    public static DMatrixRMaj extract(ClipTextEncoder encoder, Tokenizer tokenizer, List<String> prompts) {
        List<double[]> rows = new ArrayList<>();
        int width = encoder.config().hiddenSize();
        NDManager parent = encoder.parameters().manager();
        for (int from = 0; from < prompts.size(); from += BATCH) {
            List<String> batch = prompts.subList(from, Math.min(prompts.size(), from + BATCH));
            int len = tokenizer.maxLength();
            long[] ids = new long[batch.size() * len];
            List<int[]> kept = new ArrayList<>();
            for (int b = 0; b < batch.size(); b++) {
                long[] one = tokenizer.encode(batch.get(b));
                System.arraycopy(one, 0, ids, b * len, len);
                kept.add(keptRows(batch.get(b), one, tokenizer.eosId()));
            }
            try (NDManager scope = parent.newSubManager()) {
                NDArray input = scope.create(ids, new Shape(batch.size(), len));
                float[] hidden = encoder.forward(input).lastHiddenState().toFloatArray();
                for (int b = 0; b < batch.size(); b++) {
                    for (int t = kept.get(b)[0]; t < kept.get(b)[1]; t++) {
                        double[] row = new double[width];
                        int offset = (b * len + t) * width;
                        for (int j = 0; j < width; j++) {
                            row[j] = hidden[offset + j];
                        }
                        rows.add(row);
                    }
                }
            }
        }
        DMatrixRMaj out = new DMatrixRMaj(rows.size(), width);
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, out.data, i * width, width);
        }
        return out;
    }
}
