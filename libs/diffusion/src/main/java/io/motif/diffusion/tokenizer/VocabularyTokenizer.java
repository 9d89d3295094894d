package io.motif.diffusion.tokenizer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every Motif tokenizer shares, whatever splits its words: a token → id table, tokens added after training
 * (such as {@code <new1>}, appended after the highest id), the special ids and the sequence length. Subclasses only
 * turn plain text into ids.
 */
abstract class VocabularyTokenizer implements Tokenizer {

    protected final Map<String, Integer> vocab;
    protected final AddedTokens added = new AddedTokens();
    private final int bos;
    private final int eos;
    private final int pad;
    private final int maxLength;
    private int size;

    protected VocabularyTokenizer(Map<String, Integer> vocab, int bos, int eos, int pad, int size, int maxLength) {
        this.vocab = new HashMap<>(vocab);
        this.bos = bos;
        this.eos = eos;
        this.pad = pad;
        this.size = size;
        this.maxLength = maxLength;
    }

    /** The id of {@code token} in {@code vocab}, or a clear error naming the missing token. */
    protected static int require(Map<String, Integer> vocab, String token) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new IllegalArgumentException("vocab.json lacks " + token);
        }
        return id;
    }

    @Override
    public long[] encode(String text) {
        return frame(tokenIds(text));
    }

    @Override
    public abstract List<Integer> tokenIds(String text);

    @Override
    public int addToken(String token) {
        int existing = idOf(token);
        if (existing >= 0) {
            throw new IllegalArgumentException("token '" + token + "' already exists (id " + existing + ")");
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
