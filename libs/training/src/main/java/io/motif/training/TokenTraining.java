package io.motif.training;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * How the modifier tokens' embedding rows train beside the UNet weights. The reference hands them to the same
 * optimizer group as the K/V weights: same learning rate, no bound on their length, which is what the paper's
 * Stable Diffusion results were made with. A small text encoder may need more: motif-tiny's 64-wide rows end such
 * a run within about 15° of their initial word, so every concept is drawn in that word's colour. Such a model folder
 * says so in {@value #FILE} beside {@code model_index.json}: a higher rate lets the row travel, and a bound on its
 * length keeps it from drowning the prompt's other words (an unbounded row at a high rate grows to several times a
 * word's length and the concept's colours fill the whole image).
 *
 * @param learningRate learning rate of the token rows, or NaN for the run's own (the reference)
 * @param maxNorm      after every optimizer step, a token row longer than this is scaled back to it (the way
 *                     {@code torch.nn.Embedding(max_norm=…)} renormalises rows); NaN for no bound (the reference)
 */
public record TokenTraining(double learningRate, double maxNorm) {

  /** The optional file in a model folder that overrides {@link #reference()}. */
  public static final String FILE = "motif_token_training.json";

  private static final Set<String> KEYS = Set.of("learning_rate", "max_norm");

  public TokenTraining {
    if (!Double.isNaN(learningRate) && !(learningRate > 0 && learningRate <= 1)) {
      throw new IllegalArgumentException("token learning_rate must be in (0, 1], was " + learningRate);
    }
    if (!Double.isNaN(maxNorm) && !(maxNorm > 0)) {
      throw new IllegalArgumentException("token max_norm must be positive, was " + maxNorm);
    }
  }

  /** The reference's choice: the run's learning rate, no bound. */
  public static TokenTraining reference() {
    return new TokenTraining(Double.NaN, Double.NaN);
  }

  /** The model folder's {@value #FILE}, or {@link #reference()} when it has none; a key left out keeps its default. */
  public static TokenTraining of(Path modelDir) throws IOException {
    Optional<JsonNode> found = ModelFolderJson.read(modelDir, FILE, KEYS);
    if (found.isEmpty()) {
      return reference();
    }
    JsonNode json = found.get();
    for (String key : KEYS) {
      if (json.has(key) && !json.get(key).isNumber()) {
        throw new IOException(modelDir.resolve(FILE) + ": '" + key + "' must be a number");
      }
    }
    try {
      return new TokenTraining(json.path("learning_rate").asDouble(Double.NaN), json.path("max_norm").asDouble(Double.NaN));
    } catch (IllegalArgumentException e) {
      throw new IOException(modelDir.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  /** The token rows' learning rate in a run whose UNet weights train at {@code runLearningRate}. */
  public double learningRateIn(double runLearningRate) {
    return Double.isNaN(learningRate) ? runLearningRate : learningRate;
  }

  public boolean bounded() {
    return !Double.isNaN(maxNorm);
  }

  /** The same choice with the non-NaN parts of {@code override} in place of these (command-line flags over a file). */
  public TokenTraining overriddenBy(TokenTraining override) {
    return new TokenTraining(Double.isNaN(override.learningRate) ? learningRate : override.learningRate,
        Double.isNaN(override.maxNorm) ? maxNorm : override.maxNorm);
  }
}
