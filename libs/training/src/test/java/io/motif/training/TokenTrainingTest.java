package io.motif.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenTrainingTest {
  @TempDir Path model;

  @Test
  void aModelFolderWithoutTheFileTrainsTokensAsTheReference() throws Exception {
    TokenTraining t = TokenTraining.of(model);
    assertThat(t.learningRateIn(8e-5)).isEqualTo(8e-5);
    assertThat(t.bounded()).isFalse();
  }

  @Test
  void theFileSetsRateAndBoundAndAKeyLeftOutKeepsTheReference() throws Exception {
    Files.writeString(model.resolve(TokenTraining.FILE), "{\"learning_rate\": 5e-3, \"max_norm\": 0.25}");
    TokenTraining t = TokenTraining.of(model);
    assertThat(t.learningRateIn(8e-5)).isEqualTo(5e-3);
    assertThat(t.maxNorm()).isEqualTo(0.25);

    Files.writeString(model.resolve(TokenTraining.FILE), "{\"max_norm\": 0.3}");
    assertThat(TokenTraining.of(model).learningRateIn(8e-5)).isEqualTo(8e-5);
  }

  @Test
  void commandLineValuesOverrideTheFilesOnlyWhereGiven() {
    TokenTraining file = new TokenTraining(5e-3, 0.25);
    TokenTraining flags = new TokenTraining(Double.NaN, 0.5);
    assertThat(file.overriddenBy(flags)).isEqualTo(new TokenTraining(5e-3, 0.5));
  }

  @Test
  void valuesThatAreNotPositiveNumbersAreRejectedNamingTheFile() throws Exception {
    // misspelt keys and non-objects are ModelFolderJson's to refuse (ModelFolderJsonTest)
    Path file = model.resolve(TokenTraining.FILE);
    Files.writeString(file, "{\"learning_rate\": \"fast\"}");
    assertThatThrownBy(() -> TokenTraining.of(model)).hasMessageContaining(file.toString())
        .hasMessageContaining("'learning_rate' must be a number");
    Files.writeString(file, "{\"max_norm\": -1}");
    assertThatThrownBy(() -> TokenTraining.of(model)).hasMessageContaining("max_norm must be positive");
  }

  @Test
  void motifTinyShipsABoundedFasterTokenRate() throws Exception {
    TokenTraining t = TokenTraining.of(Path.of("../../models/motif-tiny"));
    assertThat(t.learningRateIn(8e-5)).isGreaterThan(8e-5);
    assertThat(t.bounded()).isTrue();
  }
}
