package io.motif.shapes.oracle;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Per-pixel distance from the background colour. The background is the per-channel median of the border pixels:
 * objects in the shapes world never cover most of the border, so the median is the background even when some
 * objects touch the edge. Anti-aliased pixels are a linear blend of object and background, so a pixel's distance
 * divided by the object's full distance is its coverage; the oracle's shape fit relies on that.
 */
public final class ForegroundMap {

    /** RGB distance above which a pixel belongs to some object (a quarter of the closest colour pair's distance). */
    public static final double OBJECT_THRESHOLD = 40;

    private final int width;
    private final int height;
    private final int[] rgb;
    private final double[] distance;
    private final int[] background;

    public ForegroundMap(BufferedImage image) {
        width = image.getWidth();
        height = image.getHeight();
        rgb = image.getRGB(0, 0, width, height, null, 0, width);
        background = borderMedian();
        distance = new double[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            distance[i] = colourDistance(rgb[i], background);
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Packed 0xRRGGBB of pixel i (row-major). */
    public int rgb(int i) {
        return rgb[i];
    }

    public double distance(int i) {
        return distance[i];
    }

    public boolean isObject(int i) {
        return distance[i] > OBJECT_THRESHOLD;
    }

    public int[] background() {
        return background.clone();
    }

    static double colourDistance(int packed, int[] c) {
        int r = (packed >> 16) & 0xff;
        int g = (packed >> 8) & 0xff;
        int b = packed & 0xff;
        double dr = r - c[0];
        double dg = g - c[1];
        double db = b - c[2];
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }

    private int[] borderMedian() {
        int n = 2 * width + 2 * (height - 2);
        int[][] ch = new int[3][n];
        int k = 0;
        for (int x = 0; x < width; x++) {
            k = put(ch, k, rgb[x]);
            k = put(ch, k, rgb[(height - 1) * width + x]);
        }
        for (int y = 1; y < height - 1; y++) {
            k = put(ch, k, rgb[y * width]);
            k = put(ch, k, rgb[y * width + width - 1]);
        }
        int[] out = new int[3];
        for (int c = 0; c < 3; c++) {
            Arrays.sort(ch[c]);
            out[c] = ch[c][n / 2];
        }
        return out;
    }

    private static int put(int[][] ch, int k, int packed) {
        ch[0][k] = (packed >> 16) & 0xff;
        ch[1][k] = (packed >> 8) & 0xff;
        ch[2][k] = packed & 0xff;
        return k + 1;
    }
}
