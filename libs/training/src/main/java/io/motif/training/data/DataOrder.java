package io.motif.training.data;

import io.motif.training.rng.SplitMix64;

/**
 * The order in which examples are visited: one random permutation per epoch, as a shuffling data loader. Its whole
 * state (epoch, position, permutation, generator) is exposed so a checkpoint can resume mid-epoch exactly.
 */
public final class DataOrder {
  private final int length;
  private final SplitMix64 rng;
  private int epoch;
  private int position;
  private int[] permutation;

  public DataOrder(int length, SplitMix64 rng) {
    this.length = length;
    this.rng = rng;
    this.permutation = rng.permutation(length);
  }

  /** The next example index; a new permutation is drawn when an epoch ends (batches never come short). */
  public int next() {
    if (position == length) {
      epoch++;
      position = 0;
      permutation = rng.permutation(length);
    }
    return permutation[position++];
  }

  public State state() {
    return new State(epoch, position, permutation.clone(), rng.state());
  }

  public void restore(State s) {
    if (s.permutation().length != length) {
      throw new IllegalArgumentException("checkpoint data order has " + s.permutation().length + " examples, data has " + length);
    }
    epoch = s.epoch();
    position = s.position();
    permutation = s.permutation().clone();
    rng.restore(s.rngState());
  }

  public record State(int epoch, int position, int[] permutation, long rngState) {}
}
