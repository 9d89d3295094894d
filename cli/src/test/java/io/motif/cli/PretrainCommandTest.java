package io.motif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.motif.shapes.tiny.GroundedWords;
import io.motif.shapes.tiny.PretrainOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PretrainCommandTest {

  @Test
  void defaultsAreTheCommittedRecipe() {
    PretrainCommand c = parse();
    PretrainOptions d = PretrainOptions.defaults();
    assertThat(c.textWarmup).isEqualTo(d.textWarmupSteps()).isPositive();
    assertThat(c.freezeTextEncoder).isEqualTo(d.freezeTextEncoder()).isTrue();
    assertThat(c.grounding).isEqualTo(d.grounding().weight()).isPositive();
    assertThat(c.groundedWords).isEqualTo(GroundedWords.POSITIONS);
    assertThat(c.groundingPooledHeads).isTrue();
    assertThat(c.steps).isEqualTo(d.steps());
    assertThat(c.lowTimestepShare).isEqualTo(d.timesteps().lowShare()).isEqualTo(0.5);
    assertThat(c.lowTimestepBelow).isEqualTo(d.timesteps().lowBelow()).isEqualTo(400);
  }

  @Test
  void negatedFlagsTurnTheRecipesPartsOff() {
    PretrainCommand c = parse("--no-freeze-text-encoder", "--no-grounding-pooled-heads", "--grounding", "0");
    assertThat(c.freezeTextEncoder).isFalse();
    assertThat(c.groundingPooledHeads).isFalse();
    assertThat(c.grounding).isZero();
    assertThat(parse("--freeze-text-encoder", "--grounding-pooled-heads").freezeTextEncoder).isTrue();
  }

  @Test
  void refusesToFreezeAnEncoderThatWasNeverWarmedUp() {
    Run run = execute("--text-warmup", "0", "--out", "target/never-written");
    assertThat(run.code()).isNotZero();
    assertThat(run.err()).contains("--no-freeze-text-encoder");
  }

  @Test
  void rejectsALowTimestepShareOutsideZeroToOneAsAUsageError() {
    Run run = execute("--low-t-share", "1.5", "--out", "target/never-written");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("low-timestep share").contains("1.5");
    assertThat(parse("--low-t-share", "0").lowTimestepShare).isZero();
  }

  /** A finished command line: its exit code and what it wrote to stderr. */
  private record Run(int code, String err) {}

  private static Run execute(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new PretrainCommand());
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, err.toString());
  }

  private static PretrainCommand parse(String... args) {
    PretrainCommand c = new PretrainCommand();
    new CommandLine(c).parseArgs(args);
    return c;
  }
}
