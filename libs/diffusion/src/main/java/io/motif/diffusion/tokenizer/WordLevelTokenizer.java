package io.motif.diffusion.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A whitespace word-level tokenizer over a fixed word → id table (the parity fixtures' toy vocabulary), with the
 * same framing and added-token behaviour as the CLIP tokenizer. Unknown words are an error.
 */
public final class WordLevelTokenizer implements Tokenizer {

    private final Map<String, Integer> vocab;
    private final AddedTokens added = new AddedTokens();
    private final int bos;
    private final int eos;
    private final int pad;
    private final int maxLength;
    private int size;

    public WordLevelTokenizer(Map<String, Integer> vocab, int bos, int eos, int pad, int vocabSize, int maxLength) {
        this.vocab = new HashMap<>(vocab);
        this.bos = bos;
        this.eos = eos;
        this.pad = pad;
        this.size = vocabSize;
        this.maxLength = maxLength;
    }

    @Override
    public long[] encode(String text) {
        return frame(tokenIds(text));
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

    @Override
    public int addToken(String token) {
        if (vocab.containsKey(token) || added.get(token) != null) {
            throw new IllegalArgumentException("token '" + token + "' already exists");
        }
        int id = size++;
        added.add(token, id);
        return id;
    }

    @Override
    public int idOf(String token) {
        Integer id = added.get(token);
        if (id == null) {
            id = vocab.get(token);
        }
        return id == null ? -1 : id;
    }

    @Override
    public int bosId() {
        return bos;
    }

    @Override
    public int eosId() {
        return eos;
    }

    @Override
    public int padId() {
        return pad;
    }

    @Override
    public int maxLength() {
        return maxLength;
    }

    @Override
    public int size() {
        return size;
    }
}
