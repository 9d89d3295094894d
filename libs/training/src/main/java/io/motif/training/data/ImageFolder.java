package io.motif.training.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Lists the images of a folder with their captions. Layouts understood, in this order:
 * <ol>
 *   <li>the reference {@code retrieve.py} output: {@code images.txt} (one image path per line, relative to the folder
 *       or absolute) with {@code caption.txt} (one caption per line, same order);</li>
 *   <li>image files (in the folder or its {@code images/} subfolder, sorted by name) with {@code caption.txt} when its
 *       line count matches;</li>
 *   <li>image files with a sidecar {@code NAME.txt} caption each;</li>
 *   <li>otherwise every image gets the fallback caption.</li>
 * </ol>
 */
public final class ImageFolder {
  private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif");

  private ImageFolder() {}

  public record Entry(Path image, String caption) {}

  public static List<Entry> list(Path dir, String fallbackCaption) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("not a folder: " + dir);
    }
    Path captionFile = dir.resolve("caption.txt");
    List<String> captions = Files.exists(captionFile) ? nonEmptyLines(captionFile) : List.of();
    List<Path> images;
    Path listing = dir.resolve("images.txt");
    if (Files.exists(listing)) {
      images = new ArrayList<>();
      for (String line : nonEmptyLines(listing)) {
        Path p = Path.of(line);
        images.add(p.isAbsolute() ? p : dir.resolve(line));
      }
    } else {
      Path sub = dir.resolve("images");
      images = imageFiles(Files.isDirectory(sub) && imageFiles(dir).isEmpty() ? sub : dir);
    }
    if (images.isEmpty()) {
      throw new IOException("no images in " + dir);
    }
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      Path img = images.get(i);
      String caption;
      if (captions.size() == images.size()) {
        caption = captions.get(i);
      } else {
        Path sidecar = img.resolveSibling(stripExtension(img.getFileName().toString()) + ".txt");
        caption = Files.exists(sidecar) ? Files.readString(sidecar, StandardCharsets.UTF_8).strip() : fallbackCaption;
      }
      out.add(new Entry(img, caption));
    }
    return out;
  }

  static List<Path> imageFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> EXTENSIONS.stream().anyMatch(e -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(e)))
          .sorted()
          .toList();
    }
  }

  private static List<String> nonEmptyLines(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  private static String stripExtension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }
}
