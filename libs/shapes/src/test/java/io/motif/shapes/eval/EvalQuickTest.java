package io.motif.shapes.eval;

import io.motif.shapes.oracle.AttributeScores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./motif eval --quick} end to end on the committed motif-tiny: train, sample, score, report. */
class EvalQuickTest {

    static final Path MOTIF_TINY = Path.of("../../models/motif-tiny");

    @Test
    void quickEvaluationTrainsSamplesScoresAndReports(@TempDir Path tmp) throws Exception {
        EvalSettings s = EvalSettings.quick();
        List<EvalRow> rows = new EvalRunner(MOTIF_TINY, s, tmp.resolve("work"), line -> { }).run();
        assertThat(rows).hasSize(2);
        EvalRow base = rows.get(0);
        EvalRow cd = rows.get(1);
        assertThat(base.method()).isEqualTo(Method.BASE);
        assertThat(base.deltaBytes()).isZero();
        assertThat(cd.method()).isEqualTo(Method.CUSTOM_DIFFUSION);
        assertThat(cd.deltaBytes()).isPositive();
        assertThat(cd.trainSeconds()).isPositive();
        for (EvalRow r : rows) {
            assertThat(r.textAlignment()).isBetween(0.0, 1.0);
            assertThat(r.imageAlignment()).isBetween(0.0, 1.0);
            assertThat(r.baseWorldAccuracy()).containsKeys(AttributeScores.SHAPE, AttributeScores.COLOUR,
                    AttributeScores.POSITION, AttributeScores.COUNT);
        }
        EvalReport.writeJson(tmp.resolve("results.json"), "test", s, rows);
        assertThat(Files.readString(tmp.resolve("results.json"))).contains("CUSTOM_DIFFUSION");
        assertThat(EvalReport.markdown("test", rows)).contains(Method.BASE.label(), Method.CUSTOM_DIFFUSION.label());
    }
}
