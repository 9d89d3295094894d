package io.motif.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * The optional JSON files beside a model's {@code model_index.json} that tell fine-tuning how to treat the model
 * ({@link CaptionConventions}, {@link TokenTraining}): absent means the reference's choice; present, it must be an
 * object of known keys, so a misspelt key fails loudly instead of silently keeping a default.
 */
final class ModelFolderJson {
  private ModelFolderJson() {
  }

  /** The file's object, or empty when the model folder has no such file. */
  static Optional<JsonNode> read(Path modelDir, String fileName, Set<String> knownKeys) throws IOException {
    Path file = modelDir.resolve(fileName);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    JsonNode json = new ObjectMapper().readTree(file.toFile());
    if (json == null || !json.isObject()) {
      throw new IOException(file + ": expected a JSON object");
    }
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!knownKeys.contains(name)) {
        throw new IOException(file + ": unknown key '" + name + "' (known: " + knownKeys + ")");
      }
    }
    return Optional.of(json);
  }
}
