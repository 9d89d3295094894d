package io.motif.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.motif.training.data.DataOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptionConventionsTest {
  @TempDir
  Path model;

  @Test
  void aModelWithoutTheFileTrainsUnderTheReferenceCaptions() throws IOException {
    CaptionConventions c = CaptionConventions.of(model);
    assertThat(c.instancePrompt("<new1>", "cat")).isEqualTo("photo of a <new1> cat");
    assertThat(c.classPrompt("cat")).isEqualTo("photo of a cat");
    assertThat(c.applyTo(DataOptions.diffusersDefaults(64, 8)).scalePrefixes()).isTrue();
  }

  @Test
  void theFileSetsTheModelsOwnCaptionsAndKeysLeftOutKeepTheirDefaults() throws IOException {
    Files.writeString(model.resolve(CaptionConventions.FILE),
        "{\"instance_prompt\": \"a {token} {class}\", \"scale_prefixes\": false}");
    CaptionConventions c = CaptionConventions.of(model);
    assertThat(c.instancePrompt("<new1>", "star")).isEqualTo("a <new1> star");
    assertThat(c.classPrompt("star")).isEqualTo("photo of a star");
    assertThat(c.applyTo(DataOptions.diffusersDefaults(32, 32)).scalePrefixes()).isFalse();
  }

  @Test
  void refusesUnknownKeysAndTemplatesWithoutTheirPlaceholders() throws IOException {
    Path file = model.resolve(CaptionConventions.FILE);
    Files.writeString(file, "{\"instance_promt\": \"a {token} {class}\"}");
    assertThatThrownBy(() -> CaptionConventions.of(model)).hasMessageContaining("unknown key 'instance_promt'");
    Files.writeString(file, "{\"instance_prompt\": \"a {class}\"}");
    assertThatThrownBy(() -> CaptionConventions.of(model)).hasMessageContaining("needs {token} and {class}");
    Files.writeString(file, "[1]");
    assertThatThrownBy(() -> CaptionConventions.of(model)).hasMessageContaining("expected a JSON object");
  }

  @Test
  void motifTinyDeclaresTheShapesWorldsCaptions() throws IOException {
    CaptionConventions c = CaptionConventions.of(Path.of("../../models/motif-tiny"));
    assertThat(c.instancePrompt("<new1>", "star")).isEqualTo("a <new1> star");
    assertThat(c.classPrompt("star")).isEqualTo("a star");
    assertThat(c.scalePrefixes()).isFalse();
  }
}
