package io.motif.training;

import io.motif.training.model.TrainingModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds each concept's modifier token to the model, its embedding row copied from its initializer: the vocabulary entry
 * spelled exactly like the initializer when there is one (diffusers' {@code convert_tokens_to_ids}: "ktn" is id 42170 in
 * CLIP's vocabulary), otherwise the first token the tokenizer makes of it as a word.
 */
public final class ModifierTokens {
  private ModifierTokens() {}

  /** Returns token → id, in concept order. Concepts sharing a token share its row. */
  public static Map<String, Integer> add(TrainingModel model, List<ConceptSpec> concepts, TokenInit init) {
    Map<String, Integer> ids = new LinkedHashMap<>();
    int index = 0;
    for (ConceptSpec c : concepts) {
      if (ids.containsKey(c.token())) {
        continue;
      }
      String word = init.wordFor(index++);
      int initRow = rowOf(model, word);
      if (initRow < 0 && init.classWordFallback()) {
        initRow = rowOf(model, c.classWord());
      }
      if (initRow < 0) {
        throw new IllegalArgumentException("initializer word '" + word + "' has no token in the vocabulary");
      }
      ids.put(c.token(), model.addToken(c.token(), initRow));
    }
    return ids;
  }

  private static int rowOf(TrainingModel model, String word) {
    int exact = model.vocabularyId(word);
    if (exact >= 0) {
      return exact;
    }
    try {
      List<Integer> ids = model.wordIds(word);
      return ids.isEmpty() ? -1 : ids.get(0);
    } catch (IllegalArgumentException notInVocabulary) {
      return -1; // word-level vocabularies refuse unknown words
    }
  }
}
