package io.motif.training.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A handful of drawn images for tests and benchmarks: a "concept" (a disc with orange stripes) or its plain "class"
 * (discs, captioned {@code caption}), varied in size, place and colour, non-square so the fit option matters.
 */
public final class SyntheticImages {
  private SyntheticImages() {}

  public static Path write(Path dir, int n, boolean striped, long seed, String caption) throws IOException {
    Files.createDirectories(dir);
    Random r = new Random(seed);
    List<String> captions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int w = 80 + r.nextInt(40);
      int h = 80 + r.nextInt(40);
      BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      g.setColor(new Color(200, 220, 240));
      g.fillRect(0, 0, w, h);
      int d = 40 + r.nextInt(20);
      int x = r.nextInt(w - d);
      int y = r.nextInt(h - d);
      g.setColor(new Color(40 + r.nextInt(40), 60, 160));
      g.fillOval(x, y, d, d);
      if (striped) {
        g.setColor(Color.ORANGE);
        for (int s = 0; s < d; s += 8) {
          g.fillRect(x, y + s, d, 3);
        }
      }
      g.dispose();
      ImageIO.write(img, "png", dir.resolve(String.format("%02d.png", i)).toFile());
      captions.add(caption);
    }
    if (caption != null) {
      Files.write(dir.resolve("caption.txt"), captions);
    }
    return dir;
  }
}
