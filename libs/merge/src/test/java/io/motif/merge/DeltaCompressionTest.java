package io.motif.merge;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.motif.diffusion.delta.CrossAttentionWeights;
import io.motif.diffusion.delta.CustomDiffusionDelta;
import io.motif.diffusion.safetensors.SafetensorsFile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compression of the public fixture's diffusers Custom Diffusion delta against its own base UNet. */
class DeltaCompressionTest {

    @TempDir
    Path tmp;

    private final Path fixtures = MergeParitySuiteTest.fixtures();
    private final Path delta = fixtures.resolve("custom_diffusion");

    @Test
    void theReferenceRatioKeepsPartOfTheRankAndLoadsBackWithinTheSvdBound() throws Exception {
        DMatrixRMaj probe;
        try (SafetensorsFile merge = SafetensorsFile.open(fixtures.resolve(MergeFixture.FILE))) {
            probe = DenseTensors.read(merge, "C_target");
        }
        Path out = tmp.resolve("c");
        DeltaCompression.Result result = DeltaCompression.compress(delta, fixtures,
                new RankRule.CumulativeRatio(0.6), false, probe, out, Map.of());

        assertThat(result.layers()).hasSize(12).allSatisfy(l -> {
            assertThat(l.fullRank()).isEqualTo(32);
            assertThat(l.rank()).isBetween(1, 31);
            assertThat(l.spectralError()).isPositive().isLessThan(l.largest());
        });
        assertThat(result.parametersAfter()).isLessThan(result.parametersBefore());
        assertThat(result.bytesAfter()).isLessThan(result.bytesBefore());
        assertThat(result.maxOutputChange()).isPositive().isLessThan(result.outputScale());

        Map<String, DeltaCompression.Layer> byKey = new HashMap<>();
        result.layers().forEach(l -> byKey.put(l.key(), l));
        try (NDManager manager = NDManager.newBaseManager();
             CustomDiffusionDelta original = CustomDiffusionDelta.read(delta, manager);
             CustomDiffusionDelta loaded = CompressedDelta.load(out, fixtures, manager)) {
            assertThat(loaded.layers()).hasSize(6);
            for (CrossAttentionWeights w : loaded.layers()) {
                CrossAttentionWeights o = original.layers().stream().filter(x -> x.module().equals(w.module()))
                        .findFirst().orElseThrow();
                DeltaCompression.Layer k = byKey.get(w.module() + ".processor.to_k_custom_diffusion.weight");
                DMatrixRMaj error = NdMatrices.toMatrix(o.toK());
                CommonOps_DDRM.subtractEquals(error, NdMatrices.toMatrix(w.toK()));
                // Eckart–Young: the spectral error is the first dropped singular value (plus float32 storage)
                assertThat(NormOps_DDRM.normP2(error)).isCloseTo(k.spectralError(),
                        org.assertj.core.data.Offset.offset(1e-6 + 1e-4 * k.spectralError()));
            }
        }
    }

    @Test
    void fullRankRoundTripsAndFp16HalvesTheFile() throws Exception {
        Path f32 = tmp.resolve("f32");
        Path f16 = tmp.resolve("f16");
        DeltaCompression.Result exact = DeltaCompression.compress(delta, fixtures, new RankRule.FixedRank(32), false,
                null, f32, Map.of());
        DeltaCompression.Result half = DeltaCompression.compress(delta, fixtures, new RankRule.FixedRank(32), true,
                null, f16, Map.of());
        assertThat(exact.maxOutputChange()).isNaN();
        assertThat(exact.layers()).allSatisfy(l -> assertThat(l.spectralError()).isZero());
        assertThat((double) half.bytesAfter()).isLessThan(0.6 * exact.bytesAfter());

        try (NDManager manager = NDManager.newBaseManager();
             CustomDiffusionDelta original = CustomDiffusionDelta.read(delta, manager);
             CustomDiffusionDelta fromF32 = CompressedDelta.load(f32, fixtures, manager);
             CustomDiffusionDelta fromF16 = CompressedDelta.load(f16, fixtures, manager)) {
            for (int i = 0; i < original.layers().size(); i++) {
                DMatrixRMaj w = NdMatrices.toMatrix(original.layers().get(i).toV());
                assertThat(MergeParitySuite.maxAbsDiff(NdMatrices.toMatrix(fromF32.layers().get(i).toV()), w))
                        .isLessThan(1e-6);
                double fp16Error = MergeParitySuite.maxAbsDiff(NdMatrices.toMatrix(fromF16.layers().get(i).toV()), w);
                assertThat(fp16Error).isPositive().isLessThan(1e-3);
            }
        }
    }
}
