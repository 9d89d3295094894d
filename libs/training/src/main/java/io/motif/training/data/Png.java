package io.motif.training.data;

import ai.djl.ndarray.NDArray;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/** Generated images to PNG files, with text chunks (such as the {@code parameters} chunk image tools read). */
public final class Png {
  private Png() {}

  /** One image [3, H, W] with values in [0, 1] (as the sampling pipeline returns them) to RGB, rounding to u8. */
  public static BufferedImage fromChw(NDArray image) {
    long[] s = image.getShape().getShape();
    int h = (int) s[1];
    int w = (int) s[2];
    float[] v = image.toFloatArray();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int plane = h * w;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        out.setRGB(x, y, (u8(v[i]) << 16) | (u8(v[plane + i]) << 8) | u8(v[2 * plane + i]));
      }
    }
    return out;
  }

  private static int u8(float v) {
    return Math.max(0, Math.min(255, Math.round(v * 255f)));
  }

  /** Writes a PNG with one {@code tEXt} chunk per entry. */
  public static void write(BufferedImage image, Path file, Map<String, String> text) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    try {
      IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), null);
      if (!text.isEmpty()) {
        String format = "javax_imageio_png_1.0";
        IIOMetadataNode root = new IIOMetadataNode(format);
        IIOMetadataNode chunk = new IIOMetadataNode("tEXt");
        text.forEach((k, v) -> {
          IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
          entry.setAttribute("keyword", k);
          entry.setAttribute("value", v);
          chunk.appendChild(entry);
        });
        root.appendChild(chunk);
        meta.mergeTree(format, root);
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.deleteIfExists(file);
      try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
        writer.setOutput(out);
        writer.write(null, new IIOImage(image, null, meta), null);
      }
    } finally {
      writer.dispose();
    }
  }

  /** A grid of equally sized images, {@code columns} wide. */
  public static BufferedImage grid(java.util.List<BufferedImage> images, int columns) {
    int w = images.get(0).getWidth();
    int h = images.get(0).getHeight();
    int rows = (images.size() + columns - 1) / columns;
    BufferedImage out = new BufferedImage(w * Math.min(columns, images.size()), h * rows, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = out.createGraphics();
    for (int i = 0; i < images.size(); i++) {
      g.drawImage(images.get(i), (i % columns) * w, (i / columns) * h, null);
    }
    g.dispose();
    return out;
  }
}
