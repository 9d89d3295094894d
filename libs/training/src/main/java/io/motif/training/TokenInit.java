package io.motif.training;

import java.util.List;

/**
 * How a new modifier token's embedding row starts: copied from the row of an existing token.
 *
 * <p>The paper's default copies rare BPE tokens ("ktn", "pll", "ucd" for the 1st, 2nd, 3rd new token; the two
 * reference code bases even differ on the third; Motif's "ucd" follows diffusers, id 44746); another common choice is
 * the category word. See {@link ModifierTokens} for how a word becomes a row.
 *
 * @param words initializer word per new token, in token order; a shorter list reuses its last entry
 * @param classWordFallback when a word is not in the model's vocabulary (small models have no "ktn"), use the
 *     concept's class word instead of failing
 */
public record TokenInit(List<String> words, boolean classWordFallback) {
  public TokenInit(List<String> words) {
    this(words, false);
  }

  /** The rare-token default of the reference scripts. */
  public static TokenInit rareTokens() {
    return new TokenInit(List.of("ktn", "pll", "ucd"));
  }

  /** The reference's rare tokens where the vocabulary has them, otherwise each concept's class word. */
  public static TokenInit rareTokensOrClassWord() {
    return new TokenInit(List.of("ktn", "pll", "ucd"), true);
  }

  public static TokenInit word(String word) {
    return new TokenInit(List.of(word));
  }

  public String wordFor(int tokenIndex) {
    return words.get(Math.min(tokenIndex, words.size() - 1));
  }
}
