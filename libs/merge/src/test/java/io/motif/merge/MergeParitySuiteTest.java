package io.motif.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.motif.diffusion.parity.ParityResult;
import io.motif.diffusion.parity.ParitySuite;
import io.motif.diffusion.parity.ParitySuites;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The merge parity checks on the public fixture (../shared/fixtures/public, passed in by surefire). */
class MergeParitySuiteTest {

    static Path fixtures() {
        String dir = System.getProperty("motif.fixtures.dir");
        assertThat(dir).as("system property motif.fixtures.dir").isNotNull();
        return Path.of(dir);
    }

    @Test
    void isRegisteredForServiceLoading() {
        assertThat(ParitySuites.discover()).extracting(ParitySuite::name).contains("merge");
    }

    @Test
    void everyMergeCheckPassesOnThePublicFixture() throws Exception {
        List<ParityResult> results = new MergeParitySuite().run(fixtures());
        results.forEach(r -> System.out.println(r.line()));
        assertThat(results).extracting(ParityResult::name).contains("merge.W_hat_f64 (max rel err)",
                "merge.duplicate_rows", "merge.V_target", "merge.features.C_reg", "merge.features.C_target_raw");
        assertThat(results).allSatisfy(r -> assertThat(r.pass()).as(r.line()).isTrue());
        ParityResult weights = results.stream().filter(r -> r.name().startsWith("merge.W_hat_f64")).findFirst()
                .orElseThrow();
        // the fixture's README expects float64 re-implementations within ~1e-9 of W_hat_f64
        assertThat(weights.maxAbsErr()).isLessThan(1e-9);
    }
}
