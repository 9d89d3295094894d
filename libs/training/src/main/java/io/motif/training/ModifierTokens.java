package io.motif.training;

import io.motif.training.model.TrainingModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Adds each concept's modifier token to the model, its embedding row copied from an initializer word's first id. */
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
      List<Integer> wordIds = model.wordIds(word);
      if (wordIds.isEmpty()) {
        throw new IllegalArgumentException("initializer word '" + word + "' has no token in the vocabulary");
      }
      ids.put(c.token(), model.addToken(c.token(), wordIds.get(0)));
    }
    return ids;
  }
}
