package io.motif.shapes.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.awt.image.BufferedImage;
import java.util.List;

/** Conversions between RGB images and the model's pixel tensors (B, 3, H, W) in [−1, 1]. */
public final class ImageTensors {

    private ImageTensors() {
    }

    public static NDArray toTensor(List<BufferedImage> images, NDManager manager) {
        int s = images.get(0).getWidth();
        return manager.create(toFloats(images), new Shape(images.size(), 3, s, s));
    }

    /** The images as one (B, 3, H, W) float array in [−1, 1]. */
    public static float[] toFloats(List<BufferedImage> images) {
        int n = images.size();
        int s = images.get(0).getWidth();
        float[] out = new float[n * 3 * s * s];
        for (int b = 0; b < n; b++) {
            BufferedImage img = images.get(b);
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    int p = img.getRGB(x, y);
                    int base = b * 3 * s * s + y * s + x;
                    out[base] = ((p >> 16) & 0xff) / 127.5f - 1f;
                    out[base + s * s] = ((p >> 8) & 0xff) / 127.5f - 1f;
                    out[base + 2 * s * s] = (p & 0xff) / 127.5f - 1f;
                }
            }
        }
        return out;
    }

    /** Image {@code index} of a (B, 3, H, W) tensor in [−1, 1], clamped and rounded to 8 bits. */
    public static BufferedImage toImage(float[] chw, int index, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        int plane = size * size;
        int base = index * 3 * plane;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int i = base + y * size + x;
                int r = to8(chw[i]);
                int g = to8(chw[i + plane]);
                int b = to8(chw[i + 2 * plane]);
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    private static int to8(float v) {
        return Math.max(0, Math.min(255, Math.round((v + 1f) * 127.5f)));
    }
}
