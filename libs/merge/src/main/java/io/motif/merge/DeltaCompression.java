package io.motif.merge;

import ai.djl.ndarray.NDManager;
import io.motif.diffusion.delta.CrossAttentionWeights;
import io.motif.diffusion.delta.CustomDiffusionDelta;
import io.motif.diffusion.pipeline.ModelFolder;
import io.motif.diffusion.safetensors.SafetensorsFile;
import io.motif.diffusion.safetensors.TensorDType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Compresses a delta: per K/V matrix ΔW = W − W0, truncated SVD by a {@link RankRule}, factors stored as
 * {@link CompressedDelta} in F32 or F16. Reports what it kept and what it cost, measured on the factors as written
 * (so fp16 rounding is included).
 */
public final class DeltaCompression {

    /**
     * One matrix.
     *
     * @param spectralError ‖ΔW − u·v‖₂ = σ_{r+1} of ΔW (before storage rounding)
     * @param largest       σ₁ of ΔW, to read the error against
     */
    public record Layer(String key, int rows, int cols, int rank, int fullRank, double spectralError,
                        double largest) {
    }

    /**
     * @param bytesBefore     size of the input's K/V weight file(s)
     * @param bytesAfter      size of {@link CompressedDelta#FILE}
     * @param maxOutputChange max over layers and probe rows of |(W − W_compressed) c| (NaN without probe features)
     * @param outputScale     max over layers and probe rows of |W c|, the scale of the change
     */
    public record Result(List<Layer> layers, long parametersBefore, long parametersAfter, long bytesBefore,
                         long bytesAfter, double maxOutputChange, double outputScale) {
    }

    private DeltaCompression() {
    }

    /**
     * @param probe text features (rows) to measure the output change on, or null to skip that measurement
     */
    public static Result compress(Path delta, Path modelDir, RankRule rule, boolean fp16, DMatrixRMaj probe,
                                  Path outDir, Map<String, String> metadata) throws IOException {
        try (NDManager manager = NDManager.newBaseManager();
             CustomDiffusionDelta input = CustomDiffusionDelta.read(delta, manager)) {
            Map<String, DMatrixRMaj> full = new LinkedHashMap<>();
            Map<String, DMatrixRMaj> base = new LinkedHashMap<>();
            Map<String, LowRankDelta[]> factors = new LinkedHashMap<>();
            List<Layer> layers = new ArrayList<>();
            long before = 0;
            long after = 0;
            Path unetFile = ModelFolder.weightsFile(modelDir.resolve("unet"), "diffusion_pytorch_model");
            try (SafetensorsFile unet = SafetensorsFile.open(unetFile)) {
                for (CrossAttentionWeights w : input.layers()) {
                    if (w.trainsQueryAndOut()) {
                        throw new IllegalArgumentException(delta + " also fine-tunes to_q/to_out (crossattn mode); "
                                + "compression covers K and V only");
                    }
                    LowRankDelta[] pair = new LowRankDelta[2];
                    String[] projections = {"to_k", "to_v"};
                    for (int i = 0; i < 2; i++) {
                        String key = w.module() + ".processor." + projections[i] + "_custom_diffusion.weight";
                        DMatrixRMaj weight = NdMatrices.toMatrix(i == 0 ? w.toK() : w.toV());
                        DMatrixRMaj w0 = DenseTensors.read(unet, w.module() + "." + projections[i] + ".weight");
                        if (w0.numRows != weight.numRows || w0.numCols != weight.numCols) {
                            throw new IllegalArgumentException(key + " is " + weight.numRows + "x" + weight.numCols
                                    + " but the base model's matrix is " + w0.numRows + "x" + w0.numCols);
                        }
                        DMatrixRMaj change = weight.copy();
                        CommonOps_DDRM.subtractEquals(change, w0);
                        LowRankDelta low = SvdCompressor.compress(change, rule);
                        pair[i] = low;
                        full.put(key, weight);
                        base.put(key, w0);
                        layers.add(new Layer(key, weight.numRows, weight.numCols, low.rank(),
                                low.singularValues().length, low.spectralErrorBound(),
                                low.singularValues().length == 0 ? 0 : low.singularValues()[0]));
                        before += (long) weight.numRows * weight.numCols;
                        after += low.storedValues();
                    }
                    factors.put(w.module(), pair);
                }
            }
            Map<String, String> meta = new LinkedHashMap<>(metadata);
            meta.put("dtype", fp16 ? "F16" : "F32");
            CompressedDelta.write(outDir, factors, input.tokens(), fp16 ? TensorDType.F16 : TensorDType.F32, meta);
            copyManifest(delta, outDir);

            double change = Double.NaN;
            double scale = Double.NaN;
            if (probe != null) {
                change = 0;
                scale = 0;
                for (Map.Entry<String, LowRankDelta> e : CompressedDelta.readFactors(outDir).entrySet()) {
                    DMatrixRMaj weight = full.get(e.getKey());
                    DMatrixRMaj stored = e.getValue().applyTo(base.get(e.getKey()));
                    DMatrixRMaj outFull = ThinProducts.timesTransposed(probe, weight);
                    DMatrixRMaj outStored = ThinProducts.timesTransposed(probe, stored);
                    for (int i = 0; i < outFull.data.length; i++) {
                        change = Math.max(change, Math.abs(outFull.data[i] - outStored.data[i]));
                        scale = Math.max(scale, Math.abs(outFull.data[i]));
                    }
                }
            }
            return new Result(layers, before, after, weightBytes(delta), Files.size(outDir.resolve(CompressedDelta.FILE)),
                    change, scale);
        }
    }

    /** The input's manifest travels with it: a compressed delta is still the same concept of the same base model. */
    private static void copyManifest(Path delta, Path outDir) throws IOException {
        Path dir = Files.isDirectory(delta) ? delta : delta.toAbsolutePath().getParent();
        Path manifest = dir.resolve(MergeManifest.FILE);
        if (Files.isRegularFile(manifest)) {
            Files.copy(manifest, outDir.resolve(MergeManifest.FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static long weightBytes(Path delta) throws IOException {
        if (!Files.isDirectory(delta)) {
            return Files.size(delta);
        }
        long total = 0;
        try (Stream<Path> files = Files.list(delta)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".safetensors") && !name.startsWith("<")) {
                    total += Files.size(f);
                }
            }
        }
        return total;
    }
}
