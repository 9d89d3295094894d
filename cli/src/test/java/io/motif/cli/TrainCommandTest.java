package io.motif.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.motif.training.CaptionConventions;
import io.motif.training.ConceptSpec;
import io.motif.training.TokenTraining;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TrainCommandTest {
  private static final CaptionConventions REF = CaptionConventions.reference();

  @Test
  void parsesAConceptWithAQuotedPromptHoldingCommas() {
    ConceptSpec c = TrainCommand.parseConcept("images=data/cat,prompt=\"photo of a <new1> cat, sitting\",class=cat,reg=reg/cat",
        1, null, REF);
    assertThat(c.token()).isEqualTo("<new1>");
    assertThat(c.instancePrompt()).isEqualTo("photo of a <new1> cat, sitting");
    assertThat(c.classWord()).isEqualTo("cat");
    assertThat(c.classPrompt()).isEqualTo("photo of a cat");
    assertThat(c.instanceDir()).isEqualTo(Path.of("data/cat"));
    assertThat(c.regularizationDir()).isEqualTo(Path.of("reg/cat"));
  }

  @Test
  void withoutAPromptUsesTheReferenceTemplatesAndTheConceptsIndex() {
    assertThat(TrainCommand.parseConcept("images=a,class=dog", 2, Path.of("r"), REF).instancePrompt())
        .isEqualTo("photo of a <new2> dog");
    assertThat(TrainCommand.parseConcept("images=a,class=art,style=true", 3, null, REF).instancePrompt())
        .isEqualTo("painting in the style of <new3>");
    assertThat(TrainCommand.parseConcept("images=a,class=dog", 2, Path.of("r"), REF).regularizationDir()).isEqualTo(Path.of("r"));
  }

  @Test
  void refusesAConceptWithoutImagesOrToken() {
    assertThatThrownBy(() -> TrainCommand.parseConcept("class=dog", 1, null, REF)).hasMessageContaining("images=DIR");
    assertThatThrownBy(() -> TrainCommand.parseConcept("images=a,class=dog,prompt=\"photo of a dog\"", 1, null, REF))
        .hasMessageContaining("no modifier token");
  }

  @Test
  void withoutAPromptUsesTheModelsOwnCaptionStyle() {
    CaptionConventions world = new CaptionConventions("a {token} {class}", "a {class}", false);
    ConceptSpec c = TrainCommand.parseConcept("images=a,class=star", 1, null, world);
    assertThat(c.instancePrompt()).isEqualTo("a <new1> star");
    assertThat(c.classPrompt()).isEqualTo("a star");
  }

  @Test
  void tokenFlagsOverrideTheModelFoldersTokenTrainingAndBadValuesAreUsageErrors() throws Exception {
    Path tiny = Path.of("../models/motif-tiny");
    TokenTraining fromFile = TrainCommand.tokenTraining(tiny, null, null);
    assertThat(fromFile).isEqualTo(TokenTraining.of(tiny));
    assertThat(TrainCommand.tokenTraining(tiny, 1e-3, null))
        .isEqualTo(new TokenTraining(1e-3, fromFile.maxNorm()));
    assertThatThrownBy(() -> TrainCommand.tokenTraining(tiny, null, -1.0))
        .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--token-max-norm must be positive");
  }
}
