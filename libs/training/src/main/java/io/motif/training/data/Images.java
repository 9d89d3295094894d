package io.motif.training.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Decoding, orientation, squaring and resizing of RGB images, and their conversion to model input. */
public final class Images {
  private Images() {}

  /** Decodes an image file, turns it upright by its EXIF orientation and drops any alpha channel. */
  public static BufferedImage read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes));
    if (decoded == null) {
      throw new IOException("not a readable image: " + file);
    }
    return ExifOrientation.apply(toRgb(decoded), ExifOrientation.read(bytes));
  }

  static BufferedImage toRgb(BufferedImage src) {
    if (src.getType() == BufferedImage.TYPE_INT_RGB) {
      return src;
    }
    BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(java.awt.Color.WHITE); // transparent pixels become white, as PIL's convert("RGB") on a white matte
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    g.drawImage(src, 0, 0, null);
    g.dispose();
    return out;
  }

  /** A square image: the central square for {@link ImageFit#CENTER_CROP}, the image itself for SQUASH. */
  public static BufferedImage square(BufferedImage src, ImageFit fit, int squashSide, Resampling resampling) {
    int w = src.getWidth();
    int h = src.getHeight();
    if (w == h) {
      return src;
    }
    if (fit == ImageFit.SQUASH) {
      return resize(src, squashSide, squashSide, resampling);
    }
    int side = Math.min(w, h);
    return src.getSubimage((w - side) / 2, (h - side) / 2, side, side);
  }

  /**
   * Resizes to w×h. Downscaling halves repeatedly first, because Java2D's bilinear/bicubic filters sample only a
   * 2×2/4×4 neighbourhood and would alias badly on large reductions (PIL filters over the whole footprint).
   */
  public static BufferedImage resize(BufferedImage src, int w, int h, Resampling resampling) {
    BufferedImage cur = src;
    while (cur.getWidth() >= 2 * w && cur.getHeight() >= 2 * h) {
      cur = draw(cur, cur.getWidth() / 2, cur.getHeight() / 2, Resampling.BILINEAR);
    }
    if (cur.getWidth() == w && cur.getHeight() == h) {
      return cur == src ? copy(src) : cur;
    }
    return draw(cur, w, h, resampling);
  }

  private static BufferedImage draw(BufferedImage src, int w, int h, Resampling resampling) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, resampling.hint);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.drawImage(src, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  static BufferedImage copy(BufferedImage src) {
    BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
    out.setData(src.getData());
    return out;
  }

  public static BufferedImage flipHorizontally(BufferedImage src) {
    int w = src.getWidth();
    BufferedImage out = new BufferedImage(w, src.getHeight(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < src.getHeight(); y++) {
      for (int x = 0; x < w; x++) {
        out.setRGB(w - 1 - x, y, src.getRGB(x, y));
      }
    }
    return out;
  }

  /**
   * Writes a region of {@code src} into a CHW float canvas of side {@code size} as u8/127.5 − 1 (the reference's
   * normalisation; 0 is mid-grey). (srcX, srcY) is the top-left source pixel, (dstX, dstY) where it lands.
   */
  static void blit(BufferedImage src, int srcX, int srcY, int w, int h, float[] canvas, int size, int dstX, int dstY) {
    int plane = size * size;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = src.getRGB(srcX + x, srcY + y);
        int at = (dstY + y) * size + dstX + x;
        canvas[at] = normalise((rgb >> 16) & 0xFF);
        canvas[plane + at] = normalise((rgb >> 8) & 0xFF);
        canvas[2 * plane + at] = normalise(rgb & 0xFF);
      }
    }
  }

  /** u8 → [-1, 1], computed in double and rounded once, as numpy's {@code (u8 / 127.5 - 1).astype(float32)}. */
  static float normalise(int u8) {
    return (float) (u8 / 127.5 - 1.0);
  }
}
