package io.motif.diffusion.tokenizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tokens added after training (e.g. {@code <new1>}): split out of the text verbatim before normal tokenization. */
final class AddedTokens {

    private final Map<String, Integer> ids = new LinkedHashMap<>();

    void add(String token, int id) {
        ids.put(token, id);
    }

    Integer get(String token) {
        return ids.get(token);
    }

    /** Splits text into alternating plain segments and added tokens (added tokens as {@code "\0" + id}). */
    List<Object> split(String text) {
        List<Object> parts = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            int best = -1;
            String bestTok = null;
            for (String tok : ids.keySet()) {
                int at = text.indexOf(tok, pos);
                if (at >= 0 && (best < 0 || at < best || (at == best && tok.length() > bestTok.length()))) {
                    best = at;
                    bestTok = tok;
                }
            }
            if (best < 0) {
                parts.add(text.substring(pos));
                break;
            }
            if (best > pos) {
                parts.add(text.substring(pos, best));
            }
            parts.add(ids.get(bestTok));
            pos = best + bestTok.length();
        }
        return parts;
    }
}
