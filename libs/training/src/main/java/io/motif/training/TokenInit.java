package io.motif.training;

import java.util.List;

/**
 * How a new modifier token's embedding row starts: copied from the row of an existing token.
 *
 * <p>The paper's default copies rare BPE tokens ("ktn", "pll", "ucd" for the 1st, 2nd, 3rd new token; the two
 * reference code bases even differ on the third); another common choice is the category word. Motif copies the row of
 * the first sub-token that the tokenizer produces for the given word (for a CLIP vocabulary, "ktn" → "ktn&lt;/w&gt;").
 *
 * @param words initializer word per new token, in token order; a shorter list reuses its last entry
 */
public record TokenInit(List<String> words) {
  /** The rare-token default of the reference scripts. */
  public static TokenInit rareTokens() {
    return new TokenInit(List.of("ktn", "pll", "ucd"));
  }

  public static TokenInit word(String word) {
    return new TokenInit(List.of(word));
  }

  public String wordFor(int tokenIndex) {
    return words.get(Math.min(tokenIndex, words.size() - 1));
  }
}
