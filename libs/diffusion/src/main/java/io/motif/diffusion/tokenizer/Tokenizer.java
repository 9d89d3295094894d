package io.motif.diffusion.tokenizer;

import java.util.List;

/** Text → fixed-length token ids ([BOS] + tokens + [EOS], truncated and padded to {@link #maxLength()}). */
public interface Tokenizer {

    /** The padded ids of one prompt, length {@link #maxLength()}. */
    long[] encode(String text);

    /** Ids of the prompt's tokens without BOS/EOS/padding. */
    List<Integer> tokenIds(String text);

    /** Adds a whole-word token such as {@code <new1>} (matched before any other splitting); returns its id. */
    int addToken(String token);

    /** The id of a token, or -1. */
    int idOf(String token);

    int bosId();

    int eosId();

    int padId();

    int maxLength();

    /** Vocabulary size including added tokens. */
    int size();

    /** Wraps token ids as [BOS] + ids (truncated) + [EOS] + padding. */
    default long[] frame(List<Integer> ids) {
        int max = maxLength();
        long[] out = new long[max];
        java.util.Arrays.fill(out, padId());
        out[0] = bosId();
        int n = Math.min(ids.size(), max - 2);
        for (int i = 0; i < n; i++) {
            out[i + 1] = ids.get(i);
        }
        out[n + 1] = eosId();
        return out;
    }
}
