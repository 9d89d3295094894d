package io.motif.merge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.motif.diffusion.delta.CrossAttentionWeights;
import io.motif.diffusion.delta.CustomDiffusionDelta;
import io.motif.diffusion.pipeline.ModelFolder;
import io.motif.diffusion.safetensors.SafetensorsFile;
import io.motif.diffusion.safetensors.SafetensorsWriter;
import io.motif.diffusion.safetensors.TensorDType;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ejml.data.DMatrixRMaj;

/**
 * A delta stored as low-rank factors of its K/V changes: {@value #FILE} holds, per diffusers weight key,
 * {@code <key>.u} = U_r·diag(s_r) [d_out, r] and {@code <key>.v} = V_rᵀ [r, d] (F32 or F16), the reference's
 * {@code compress.py} layout; the modifier tokens stay in their usual {@code <token>.safetensors} files.
 *
 * <p>The factors are differences from the base model, so loading needs the base model: W = W0 + u·v, returned as a
 * normal {@link CustomDiffusionDelta}. A plain delta loader refuses this file (its keys are not weights it would
 * apply), so a compressed delta is never mistaken for full weights.
 */
public final class CompressedDelta {

    public static final String FILE = "compressed_custom_diffusion.safetensors";
    public static final String FORMAT = "motif-compressed-custom-diffusion/1";
    private static final String K_KEY = ".processor.to_k_custom_diffusion.weight";
    private static final String V_KEY = ".processor.to_v_custom_diffusion.weight";

    private CompressedDelta() {
    }

    /** True when {@code dir} holds a compressed delta. */
    public static boolean isCompressed(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    /**
     * Writes the factors (per module: K then V) and the token embeddings.
     *
     * @param factors  diffusers module path (…attn2) → [K factors, V factors]
     * @param metadata stored in the safetensors header (rank rule, source …)
     */
    public static void write(Path dir, Map<String, LowRankDelta[]> factors, Map<String, NDArray> tokens,
                             TensorDType dtype, Map<String, String> metadata) throws IOException {
        Files.createDirectories(dir);
        SafetensorsWriter writer = new SafetensorsWriter().metadata("format", FORMAT).metadata(metadata);
        for (Map.Entry<String, LowRankDelta[]> e : new TreeMap<>(factors).entrySet()) {
            String[] keys = {e.getKey() + K_KEY, e.getKey() + V_KEY};
            for (int i = 0; i < 2; i++) {
                DenseTensors.add(writer, keys[i] + ".u", e.getValue()[i].u(), dtype);
                DenseTensors.add(writer, keys[i] + ".v", e.getValue()[i].v(), dtype);
            }
        }
        writer.write(dir.resolve(FILE));
        for (Map.Entry<String, NDArray> t : tokens.entrySet()) {
            new SafetensorsWriter().metadata("format", "pt").add(t.getKey(), t.getValue())
                    .write(dir.resolve(t.getKey() + ".safetensors"));
        }
    }

    /** Reads the factors: weight key (…to_k_custom_diffusion.weight) → u·v factors (singular values unknown). */
    public static Map<String, LowRankDelta> readFactors(Path dir) throws IOException {
        Map<String, LowRankDelta> out = new TreeMap<>();
        try (SafetensorsFile file = SafetensorsFile.open(dir.resolve(FILE))) {
            if (!FORMAT.equals(file.metadata().get("format"))) {
                throw new IOException(file.path() + " is not a " + FORMAT + " file");
            }
            for (String name : file.names()) {
                if (!name.endsWith(".u")) {
                    continue;
                }
                String key = name.substring(0, name.length() - 2);
                if (!key.endsWith(K_KEY) && !key.endsWith(V_KEY)) {
                    throw new IOException(file.path() + ": unexpected factor " + name);
                }
                DMatrixRMaj u = DenseTensors.read(file, name);
                DMatrixRMaj v = DenseTensors.read(file, key + ".v");
                if (u.numCols != v.numRows) {
                    throw new IOException(file.path() + ": factors of " + key + " have ranks " + u.numCols + " and "
                            + v.numRows);
                }
                out.put(key, new LowRankDelta(u, v, new double[0]));
            }
        }
        return out;
    }

    /** Loads W = W0 + u·v for every layer, plus the tokens, as a normal delta owned by a sub-manager of {@code manager}. */
    public static CustomDiffusionDelta load(Path dir, Path modelDir, NDManager manager) throws IOException {
        Map<String, LowRankDelta> factors = readFactors(dir);
        Map<String, DMatrixRMaj[]> modules = new TreeMap<>();
        Path unetFile = ModelFolder.weightsFile(modelDir.resolve("unet"), "diffusion_pytorch_model");
        try (SafetensorsFile unet = SafetensorsFile.open(unetFile)) {
            for (Map.Entry<String, LowRankDelta> e : factors.entrySet()) {
                String key = e.getKey();
                boolean isK = key.endsWith(K_KEY);
                String module = key.substring(0, key.length() - (isK ? K_KEY : V_KEY).length());
                DMatrixRMaj base = DenseTensors.read(unet, module + (isK ? ".to_k.weight" : ".to_v.weight"));
                if (base.numRows != e.getValue().u().numRows || base.numCols != e.getValue().v().numCols) {
                    throw new IOException(key + ": factors are for a " + e.getValue().u().numRows + "x"
                            + e.getValue().v().numCols + " matrix but the base model's is " + base.numRows + "x"
                            + base.numCols + "; wrong --model?");
                }
                modules.computeIfAbsent(module, m -> new DMatrixRMaj[2])[isK ? 0 : 1] = e.getValue().applyTo(base);
            }
        }
        try (NDManager scratch = manager.newSubManager()) {
            List<CrossAttentionWeights> weights = new ArrayList<>();
            for (Map.Entry<String, DMatrixRMaj[]> e : modules.entrySet()) {
                if (e.getValue()[0] == null || e.getValue()[1] == null) {
                    throw new IOException(dir + ": layer " + e.getKey() + " has only one of K/V");
                }
                weights.add(new CrossAttentionWeights(e.getKey(), NdMatrices.toFloat32(e.getValue()[0], scratch),
                        NdMatrices.toFloat32(e.getValue()[1], scratch), null, null, null));
            }
            Map<String, NDArray> tokens = new LinkedHashMap<>();
            List<CustomDiffusionDelta> tokenFiles = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "<*>.safetensors")) {
                for (Path f : files) {
                    CustomDiffusionDelta t = CustomDiffusionDelta.fromWeightFile(f, scratch, k -> true);
                    tokenFiles.add(t);
                    tokens.putAll(t.tokens());
                }
            }
            // of() copies into a manager the new delta owns, so the scratch arrays can go
            return CustomDiffusionDelta.of(weights, tokens, manager);
        }
    }
}
