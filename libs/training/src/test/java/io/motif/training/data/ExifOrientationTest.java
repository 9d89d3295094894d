package io.motif.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ExifOrientationTest {
  @Test
  void readsTheOrientationTagOfAJpegAndTurnsThePixelsUpright() throws Exception {
    BufferedImage img = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, 0xFFFFFF); // a white top-left marker
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "jpg", out);
    byte[] jpeg = withExifOrientation(out.toByteArray(), 6);
    assertThat(ExifOrientation.read(jpeg)).isEqualTo(6);
    assertThat(ExifOrientation.read(out.toByteArray())).isEqualTo(1);

    BufferedImage upright = ExifOrientation.apply(img, 6); // stored rotated 90° counter-clockwise: rotate it back
    assertThat(upright.getWidth()).isEqualTo(2);
    assertThat(upright.getHeight()).isEqualTo(4);
    assertThat(upright.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    assertThat(ExifOrientation.apply(img, 3).getRGB(3, 1) & 0xFFFFFF).isEqualTo(0xFFFFFF);
  }

  /** Inserts a minimal big-endian APP1/Exif segment with one IFD entry (0x0112) right after SOI. */
  static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    byte[] tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, 0, 0, 0, 0};
    int len = 2 + 6 + tiff.length;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(jpeg, 0, 2);
    o.write(0xFF);
    o.write(0xE1);
    o.write(len >> 8);
    o.write(len & 0xFF);
    o.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
    o.writeBytes(tiff);
    o.write(jpeg, 2, jpeg.length - 2);
    return o.toByteArray();
  }
}
