package io.motif.diffusion.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A whitespace word-level tokenizer over a fixed word → id table (the parity fixtures' toy vocabulary), with the
 * same framing and added-token behaviour as the CLIP tokenizer. Unknown words are an error.
 */
public final class WordLevelTokenizer extends VocabularyTokenizer {

    public WordLevelTokenizer(Map<String, Integer> vocab, int bos, int eos, int pad, int vocabSize, int maxLength) {
        super(vocab, bos, eos, pad, vocabSize, maxLength);
    }

    @Override
    public List<Integer> tokenIds(String text) {
        List<Integer> out = new ArrayList<>();
        for (Object part : added.split(text)) {
            if (part instanceof Integer id) {
                out.add(id);
                continue;
            }
            for (String w : ((String) part).toLowerCase(Locale.ROOT).trim().split("\\s+")) {
                if (w.isEmpty()) {
                    continue;
                }
                Integer id = vocab.get(w);
                if (id == null) {
                    throw new IllegalArgumentException("word '" + w + "' is not in the vocabulary");
                }
                out.add(id);
            }
        }
        return out;
    }
}
