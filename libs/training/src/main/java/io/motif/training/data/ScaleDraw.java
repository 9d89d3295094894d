package io.motif.training.data;

/**
 * One draw of the scale augmentation: the image is resized to {@code scale}², then pasted at (top, left) of a
 * blank canvas (scale ≤ size) or cropped at (top, left) (scale > size); {@code prefix} goes before the caption.
 */
public record ScaleDraw(int scale, int top, int left, String prefix) {
  public static ScaleDraw identity(int size) {
    return new ScaleDraw(size, 0, 0, "");
  }
}
