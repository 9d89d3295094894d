package io.motif.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared reader of a model folder's fine-tuning files, for every file that uses it. */
class ModelFolderJsonTest {
  @TempDir Path model;

  @Test
  void anAbsentFileIsEmptyAndAPresentOneIsItsObject() throws Exception {
    assertThat(ModelFolderJson.read(model, "settings.json", Set.of("a"))).isEmpty();
    Files.writeString(model.resolve("settings.json"), "{\"a\": 1}");
    assertThat(ModelFolderJson.read(model, "settings.json", Set.of("a")).orElseThrow().get("a").asInt()).isEqualTo(1);
  }

  @Test
  void aMisspeltKeyOrANonObjectIsRefusedNamingTheFile() throws Exception {
    Path file = model.resolve("settings.json");
    Files.writeString(file, "{\"a\": 1, \"maxnorm\": 0.25}");
    assertThatThrownBy(() -> ModelFolderJson.read(model, "settings.json", Set.of("a", "max_norm")))
        .hasMessageContaining(file.toString()).hasMessageContaining("unknown key 'maxnorm'");
    Files.writeString(file, "[1, 2]");
    assertThatThrownBy(() -> ModelFolderJson.read(model, "settings.json", Set.of("a")))
        .hasMessageContaining("expected a JSON object");
  }

  @Test
  void bothFineTuningFilesGoThroughIt() throws Exception {
    Files.writeString(model.resolve(TokenTraining.FILE), "{\"maxnorm\": 0.25}");
    assertThatThrownBy(() -> TokenTraining.of(model)).hasMessageContaining("unknown key 'maxnorm'");
    Files.writeString(model.resolve(CaptionConventions.FILE), "[1]");
    assertThatThrownBy(() -> CaptionConventions.of(model)).hasMessageContaining("expected a JSON object");
  }
}
