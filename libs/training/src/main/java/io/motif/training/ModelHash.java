package io.motif.training;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The identity of a base model folder: SHA-256 over the relative path and bytes of every file of its
 * {@code unet/}, {@code text_encoder/}, {@code tokenizer/}, {@code vae/} and {@code scheduler/} folders, in path order.
 * A delta records it so a merge or a sampler can refuse a delta made for another base model.
 */
public final class ModelHash {
  private static final List<String> PARTS = List.of("unet", "text_encoder", "tokenizer", "vae", "scheduler");

  private ModelHash() {}

  public static String of(Path modelDir) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buffer = new byte[1 << 20];
    for (String part : PARTS) {
      Path dir = modelDir.resolve(part);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      List<Path> files;
      try (Stream<Path> s = Files.walk(dir)) {
        files = s.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path f : files) {
        digest.update(modelDir.relativize(f).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        try (InputStream in = Files.newInputStream(f)) {
          int n;
          while ((n = in.read(buffer)) > 0) {
            digest.update(buffer, 0, n);
          }
        }
      }
    }
    return "sha256:" + HexFormat.of().formatHex(digest.digest());
  }
}
