package io.motif.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.motif.diffusion.parity.ParityResult;
import io.motif.diffusion.parity.ParitySuite;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The diffusers training-step fixture, reproduced by the trainer, and found by {@code ./motif parity}. */
class TrainStepParitySuiteTest {
  @Test
  void reproducesBothDiffusersTrainingStepsWithAndWithoutActiveClipping() throws Exception {
    ParitySuite suite = ServiceLoader.load(ParitySuite.class).stream().map(ServiceLoader.Provider::get)
        .filter(s -> s instanceof TrainStepParitySuite).findFirst().orElseThrow();
    List<ParityResult> results = suite.run(Fixtures.dir());
    results.forEach(r -> System.out.println(r.line()));
    assertThat(results).hasSizeGreaterThan(40);
    assertThat(results).allSatisfy(r -> assertThat(r.pass()).as(r.line()).isTrue());
    assertThat(results).anySatisfy(r -> assertThat(r.name()).contains("clip005.step2.param_after.kv"));
  }
}
