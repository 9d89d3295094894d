package io.motif.shapes.eval;

import io.motif.shapes.oracle.AttributeScores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./motif eval --quick} end to end on the committed motif-tiny: train, merge, compress, sample, score, report. */
class EvalQuickTest {

    static final Path MOTIF_TINY = Path.of("../../models/motif-tiny");

    @Test
    void quickEvaluationFillsEveryTable(@TempDir Path tmp) throws Exception {
        EvalSettings s = EvalSettings.quick();
        List<EvalRow> rows = new EvalRunner(MOTIF_TINY, s, tmp.resolve("work"), line -> { }).run();

        assertThat(rows).extracting(r -> r.table() + ":" + r.method()).containsExactly(
                "single:BASE", "single:CUSTOM_DIFFUSION", "single:TOKEN_ONLY",
                "multi:BASE", "multi:JOINT", "multi:MERGE", "multi:SEQUENTIAL",
                "compression:RANK_60", "compression:FP16");
        for (EvalRow r : rows) {
            assertThat(r.textAlignment()).as(r.method()).isBetween(0.0, 1.0);
            assertThat(r.imageAlignment()).as(r.method()).isBetween(0.0, 1.0);
            assertThat(r.baseWorldScore()).as(r.method()).isBetween(0.0, 1.0);
            assertThat(r.baseWorldAccuracy()).containsKeys(AttributeScores.SHAPE, AttributeScores.COLOUR,
                    AttributeScores.POSITION, AttributeScores.COUNT);
            if (r.method().equals(EvalRow.BASE)) {
                assertThat(r.deltaBytes()).isZero();
                assertThat(r.trainSeconds()).isZero();
            } else {
                assertThat(r.deltaBytes()).as(r.method()).isPositive();
                assertThat(r.trainSeconds()).as(r.method()).isPositive();
            }
            if (r.table().equals(EvalRow.MULTI)) {
                assertThat(r.pairTextAlignment()).isBetween(0.0, 1.0);
                assertThat(r.pairImageAlignment()).isBetween(0.0, 1.0);
            } else {
                assertThat(r.pairTextAlignment()).isNaN();
            }
        }
        long kv = bytes(rows, "single", "CUSTOM_DIFFUSION");
        // the token-only delta is one embedding row; fp16 halves the K/V; a low-rank delta is smaller still
        assertThat(bytes(rows, "single", "TOKEN_ONLY")).isLessThan(kv / 20);
        assertThat(bytes(rows, "compression", "FP16")).isBetween(kv / 2 - 4096, kv / 2 + 4096);
        assertThat(bytes(rows, "compression", "RANK_60")).isLessThan(kv);
        // the merged delta holds one set of K/V and two tokens, like the jointly trained one
        assertThat(bytes(rows, "multi", "MERGE")).isBetween(bytes(rows, "multi", "JOINT") - 4096,
                bytes(rows, "multi", "JOINT") + 4096);

        EvalReport.writeJson(tmp.resolve("results.json"), "test", s, rows);
        assertThat(Files.readString(tmp.resolve("results.json"))).contains("CUSTOM_DIFFUSION", "SEQUENTIAL", "RANK_60");
        assertThat(EvalReport.markdown("test", rows)).contains("### Single concept", "### Multi concept",
                "### Compression", Method.TOKEN_ONLY.label(), MultiMethod.MERGE.label(), Compression.FP16.label());
    }

    private static long bytes(List<EvalRow> rows, String table, String method) {
        return rows.stream().filter(r -> r.table().equals(table) && r.method().equals(method)).findFirst()
                .orElseThrow().deltaBytes();
    }
}
