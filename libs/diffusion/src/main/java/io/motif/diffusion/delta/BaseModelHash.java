package io.motif.diffusion.delta;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A stable identity for a model folder: sha256 over {@code model_index.json} and the json/safetensors/merges files
 * of its component folders ({@link #PARTS}), in sorted relative-path order, each contributing its '/'-separated
 * path, its length and its bytes. Independent of where the folder lives, of timestamps and of anything else kept
 * beside the model (deltas, images, READMEs).
 */
public final class BaseModelHash {

    /** The diffusers component folders that define a model. */
    public static final List<String> PARTS = List.of("unet", "text_encoder", "vae", "tokenizer", "scheduler");

    private BaseModelHash() {
    }

    public static String of(Path modelDir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isRegularFile(modelDir.resolve("model_index.json"))) {
            files.add(modelDir.resolve("model_index.json"));
        }
        for (String part : PARTS) {
            Path d = modelDir.resolve(part);
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.walk(d)) {
                    s.filter(Files::isRegularFile).filter(BaseModelHash::counts).forEach(files::add);
                }
            }
        }
        if (files.isEmpty()) {
            throw new IOException(modelDir + " holds no config or weight files");
        }
        List<String> rel = new ArrayList<>();
        for (Path f : files) {
            rel.add(modelDir.relativize(f).toString().replace('\\', '/'));
        }
        rel.sort(null);
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        for (String r : rel) {
            Path f = modelDir.resolve(r);
            md.update(r.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(Long.toString(Files.size(f)).getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            try (InputStream in = Files.newInputStream(f)) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                }
            }
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    private static boolean counts(Path f) {
        String n = f.getFileName().toString();
        return n.endsWith(".json") || n.endsWith(".safetensors") || n.equals("merges.txt");
    }
}
