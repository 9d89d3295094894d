package io.motif.training.data;

/** One training image: pixels [3, size, size] in [-1, 1] (CHW) and its loss mask [latentSize, latentSize]. */
public record MaskedImage(float[] pixels, float[] mask, int size, int latentSize) {
  public double maskSum() {
    double s = 0;
    for (float v : mask) {
      s += v;
    }
    return s;
  }
}
