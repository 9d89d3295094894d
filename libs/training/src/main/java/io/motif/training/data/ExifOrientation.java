package io.motif.training.data;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads the EXIF orientation tag (0x0112) of a JPEG and turns the decoded pixels upright, as a phone's
 * gallery shows them. ImageIO ignores the tag, so without this a portrait photo trains sideways.
 */
public final class ExifOrientation {
  private static final int TAG_ORIENTATION = 0x0112;

  private ExifOrientation() {}

  /** The orientation value 1..8 stored in a JPEG's APP1/Exif segment, or 1 when there is none. */
  public static int read(byte[] file) {
    if (file.length < 4 || (file[0] & 0xFF) != 0xFF || (file[1] & 0xFF) != 0xD8) {
      return 1; // not a JPEG
    }
    int pos = 2;
    while (pos + 4 <= file.length && (file[pos] & 0xFF) == 0xFF) {
      int marker = file[pos + 1] & 0xFF;
      if (marker == 0xDA || marker == 0xD9) {
        return 1; // start of scan: no more metadata segments
      }
      int length = ((file[pos + 2] & 0xFF) << 8) | (file[pos + 3] & 0xFF);
      int body = pos + 4;
      if (length < 2 || body + length - 2 > file.length) {
        return 1;
      }
      if (marker == 0xE1 && length >= 8 && isExifHeader(file, body)) {
        return readTiff(file, body + 6, length - 8);
      }
      pos = body + length - 2;
    }
    return 1;
  }

  private static boolean isExifHeader(byte[] f, int at) {
    return f[at] == 'E' && f[at + 1] == 'x' && f[at + 2] == 'i' && f[at + 3] == 'f' && f[at + 4] == 0 && f[at + 5] == 0;
  }

  private static int readTiff(byte[] file, int start, int length) {
    if (length < 8) {
      return 1;
    }
    ByteBuffer tiff = ByteBuffer.wrap(file, start, length).slice();
    tiff.order(file[start] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    long ifd = Integer.toUnsignedLong(tiff.getInt(4));
    if (ifd + 2 > length) {
      return 1;
    }
    int entries = Short.toUnsignedInt(tiff.getShort((int) ifd));
    for (int i = 0; i < entries; i++) {
      int entry = (int) ifd + 2 + 12 * i;
      if (entry + 12 > length) {
        return 1;
      }
      if (Short.toUnsignedInt(tiff.getShort(entry)) == TAG_ORIENTATION) {
        int value = Short.toUnsignedInt(tiff.getShort(entry + 8));
        return value >= 1 && value <= 8 ? value : 1;
      }
    }
    return 1;
  }

  /** The image as it should be displayed for the given orientation value. */
  public static BufferedImage apply(BufferedImage src, int orientation) {
    if (orientation <= 1 || orientation > 8) {
      return src;
    }
    int w = src.getWidth();
    int h = src.getHeight();
    boolean swaps = orientation >= 5; // 5..8 exchange width and height
    BufferedImage out = new BufferedImage(swaps ? h : w, swaps ? w : h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = src.getRGB(x, y);
        switch (orientation) {
          case 2 -> out.setRGB(w - 1 - x, y, rgb);
          case 3 -> out.setRGB(w - 1 - x, h - 1 - y, rgb);
          case 4 -> out.setRGB(x, h - 1 - y, rgb);
          case 5 -> out.setRGB(y, x, rgb);
          case 6 -> out.setRGB(h - 1 - y, x, rgb);
          case 7 -> out.setRGB(h - 1 - y, w - 1 - x, rgb);
          default -> out.setRGB(y, w - 1 - x, rgb); // 8
        }
      }
    }
    return out;
  }
}
