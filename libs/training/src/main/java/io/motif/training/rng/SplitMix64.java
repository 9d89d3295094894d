package io.motif.training.rng;

/**
 * The Java-side random source of a training run: SplitMix64 (Steele, Lea and Flood, 2014).
 *
 * <p>Every random draw of training (data order, augmentation, timesteps, noise, VAE posterior samples) comes
 * from instances of this class rather than from libtorch, so a run is repeatable on any device and thread
 * count, and the whole generator state is one {@code long} that a checkpoint can store and restore exactly.
 * Normal variates use the Box–Muller transform without caching the second value, so no hidden state exists.
 */
public final class SplitMix64 {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  private long state;

  public SplitMix64(long seed) {
    this.state = seed;
  }

  /** The complete generator state, for checkpoints. */
  public long state() {
    return state;
  }

  public void restore(long savedState) {
    this.state = savedState;
  }

  /** An independent stream derived from this seed and a label, so adding a consumer does not shift others. */
  public static SplitMix64 stream(long seed, String label) {
    long h = seed;
    for (int i = 0; i < label.length(); i++) {
      h = mix(h ^ label.charAt(i));
    }
    return new SplitMix64(mix(h));
  }

  public long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, 1) with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform integer in [0, bound), unbiased (rejection on the top range). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    while (true) {
      long bits = nextLong() >>> 1;
      long value = bits % bound;
      if (bits - value + (bound - 1) >= 0) { // reject the incomplete top block: no modulo bias
        return (int) value;
      }
    }
  }

  /** Uniform integer in [low, highExclusive), like numpy's {@code randint(low, high)}. */
  public int nextInt(int low, int highExclusive) {
    return low + nextInt(highExclusive - low);
  }

  public boolean nextBoolean() {
    return nextLong() < 0;
  }

  /** A standard normal variate (Box–Muller, one value per call). */
  public double nextGaussian() {
    double u1 = 1.0 - nextDouble(); // (0, 1]: log is finite
    double u2 = nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  /** {@code n} standard normal floats. */
  public float[] gaussians(int n) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) nextGaussian();
    }
    return out;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  public int[] permutation(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
