package io.motif.shapes.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.motif.diffusion.delta.CrossAttentionWeights;
import io.motif.diffusion.delta.CustomDiffusionDelta;
import io.motif.diffusion.pipeline.ModelFolder;
import io.motif.diffusion.safetensors.SafetensorsFile;
import io.motif.diffusion.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** File-level operations on deltas and model folders that the multi-concept and compression rows need. */
final class DeltaFolders {

    private static final String UNET_WEIGHTS = "diffusion_pytorch_model";

    private DeltaFolders() {
    }

    /** Bytes of every safetensors file under {@code dir}: the stored weights, not manifests or class images. */
    static long weightBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".safetensors"))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /**
     * A copy of {@code modelDir} whose UNet carries {@code delta}'s cross-attention weights: the model that
     * sequential training continues from. (The delta's tokens are not part of it; they travel as files.)
     */
    static Path withCrossAttention(Path modelDir, Path delta, Path target) throws IOException {
        Path unetFile = ModelFolder.weightsFile(modelDir.resolve("unet"), UNET_WEIGHTS);
        copyTree(modelDir, target, unetFile);
        try (NDManager m = NDManager.newBaseManager();
             CustomDiffusionDelta d = CustomDiffusionDelta.read(delta, m);
             SafetensorsFile unet = SafetensorsFile.open(unetFile)) {
            Map<String, NDArray> replaced = new HashMap<>();
            for (CrossAttentionWeights w : d.layers()) {
                replaced.put(w.module() + ".to_k.weight", w.toK());
                replaced.put(w.module() + ".to_v.weight", w.toV());
            }
            SafetensorsWriter out = new SafetensorsWriter().metadata("format", "pt");
            for (String name : unet.names()) {
                NDArray r = replaced.remove(name);
                out.add(name, r != null ? r : unet.load(name, m));
            }
            if (!replaced.isEmpty()) {
                throw new IOException(delta + " has layers the base UNet lacks: " + replaced.keySet());
            }
            out.write(target.resolve("unet").resolve(unetFile.getFileName()));
        }
        return target;
    }

    /** The delta with its K/V weights stored in fp16 (token rows stay fp32; they are a few hundred bytes). */
    static Path fp16Copy(Path delta, Path target) throws IOException {
        try (NDManager m = NDManager.newBaseManager();
             CustomDiffusionDelta d = CustomDiffusionDelta.read(delta, m)) {
            List<CrossAttentionWeights> half = new ArrayList<>();
            for (CrossAttentionWeights w : d.layers()) {
                half.add(new CrossAttentionWeights(w.module(), w.toK().toType(DataType.FLOAT16, false),
                        w.toV().toType(DataType.FLOAT16, false), null, null, null));
            }
            try (CustomDiffusionDelta out = CustomDiffusionDelta.of(half, d.tokens(), m)) {
                out.write(target);
            }
        }
        return target;
    }

    /** A folder with the top-level safetensors files of every source (later sources win on equal names). */
    static Path combine(Path target, Path... sources) throws IOException {
        Files.createDirectories(target);
        for (Path source : sources) {
            try (Stream<Path> files = Files.list(source)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".safetensors")).toList()) {
                    Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }

    private static void copyTree(Path from, Path to, Path skip) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else if (!p.equals(skip)) {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
