package io.motif.training;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One concept to learn: its instance images, the prompt that names it with its modifier token
 * ({@code photo of a <new1> cat}), the category word, and where its regularization images come from.
 *
 * @param token the modifier token this concept trains, e.g. {@code <new1>}
 * @param instanceDir folder of 4–20 instance images
 * @param instancePrompt caption of every instance image (the scale augmentation may prefix it)
 * @param classWord the category word ("cat"); initialises nothing by itself, see {@link TokenInit}
 * @param classPrompt caption for generated class images, and the fallback caption of uncaptioned ones
 * @param regularizationDir folder of regularization images (retrieved or generated), or null for none
 */
public record ConceptSpec(
    String token, Path instanceDir, String instancePrompt, String classWord, String classPrompt, Path regularizationDir) {
  public ConceptSpec {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(instanceDir, "instanceDir");
    Objects.requireNonNull(instancePrompt, "instancePrompt");
    if (!instancePrompt.contains(token)) {
      throw new IllegalArgumentException("instance prompt '" + instancePrompt + "' does not contain its token " + token);
    }
  }

  /**
   * The reference's style caption ("painting in the style of {}"); object captions follow the base model's
   * {@link CaptionConventions}.
   */
  public static String stylePrompt(String token) {
    return "painting in the style of " + token;
  }
}
