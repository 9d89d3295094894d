package io.motif.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.motif.diffusion.tokenizer.WordLevelTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The word-level toy vocabulary of the parity fixtures (their model folders ship no tokenizer): the words of
 * {@code merge_prompts.json} (id = 3 + index; BOS 998, EOS = pad 999, 1000 ids), plus the four augmentation-prefix
 * words the training-step fixture appends (very 67, far 68, away 69, zoomed 70). Lets the trainer, its tests and its
 * benchmark run on the fixture model from prompts.
 */
public final class FixtureTokenizer {
  private FixtureTokenizer() {}

  public static WordLevelTokenizer load(Path fixtureDir) throws IOException {
    JsonNode j = new ObjectMapper().readTree(fixtureDir.resolve("merge_prompts.json").toFile());
    Map<String, Integer> vocab = new HashMap<>();
    j.get("toy_vocab").fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
    vocab.putIfAbsent("very", 67);
    vocab.putIfAbsent("far", 68);
    vocab.putIfAbsent("away", 69);
    vocab.putIfAbsent("zoomed", 70);
    return new WordLevelTokenizer(vocab, j.get("bos").asInt(), j.get("eos").asInt(), j.get("pad").asInt(), 1000, 77);
  }
}
