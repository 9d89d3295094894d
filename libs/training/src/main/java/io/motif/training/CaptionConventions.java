package io.motif.training;

import com.fasterxml.jackson.databind.JsonNode;
import io.motif.training.data.DataOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * How a base model's training captions read, which decides the captions Custom Diffusion trains a concept under.
 * A model pretrained on web captions (Stable Diffusion) takes the reference's: "photo of a &lt;new1&gt; cat",
 * "photo of a cat", and the scale augmentation's "a far away " / "zoomed in " prefixes. A model pretrained on a
 * closed vocabulary (motif-tiny) declares its own in {@value #FILE} beside {@code model_index.json}: words its text
 * encoder never learnt would shift every later token's state (the encoder is causal), so K/V learnt under them do
 * not carry over to the prompts the model is used with.
 *
 * @param instanceTemplate the instance caption, with {@code {token}} and {@code {class}}
 * @param classTemplate the class caption (generated prior images), with {@code {class}}
 * @param scalePrefixes whether the scale augmentation prefixes its words to shrunk and enlarged images' captions
 */
public record CaptionConventions(String instanceTemplate, String classTemplate, boolean scalePrefixes) {

  /** The optional file in a model folder that overrides {@link #reference()}. */
  public static final String FILE = "motif_captions.json";

  private static final Set<String> KEYS = Set.of("instance_prompt", "class_prompt", "scale_prefixes");

  public CaptionConventions {
    if (!instanceTemplate.contains("{token}") || !instanceTemplate.contains("{class}")) {
      throw new IllegalArgumentException("instance_prompt '" + instanceTemplate + "' needs {token} and {class}");
    }
    if (!classTemplate.contains("{class}")) {
      throw new IllegalArgumentException("class_prompt '" + classTemplate + "' needs {class}");
    }
  }

  /** The Custom Diffusion reference's captions. */
  public static CaptionConventions reference() {
    return new CaptionConventions("photo of a {token} {class}", "photo of a {class}", true);
  }

  /** The model folder's {@value #FILE}, or {@link #reference()} when it has none; a key left out keeps its default. */
  public static CaptionConventions of(Path modelDir) throws IOException {
    Optional<JsonNode> found = ModelFolderJson.read(modelDir, FILE, KEYS);
    if (found.isEmpty()) {
      return reference();
    }
    JsonNode json = found.get();
    CaptionConventions r = reference();
    try {
      return new CaptionConventions(json.path("instance_prompt").asText(r.instanceTemplate),
          json.path("class_prompt").asText(r.classTemplate), json.path("scale_prefixes").asBoolean(r.scalePrefixes));
    } catch (IllegalArgumentException e) {
      throw new IOException(modelDir.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  public String instancePrompt(String token, String classWord) {
    return instanceTemplate.replace("{token}", token).replace("{class}", classWord);
  }

  public String classPrompt(String classWord) {
    return classTemplate.replace("{class}", classWord);
  }

  /** The data options with this model's choice of scale prefixes. */
  public DataOptions applyTo(DataOptions data) {
    return data.withScalePrefixes(scalePrefixes);
  }
}
