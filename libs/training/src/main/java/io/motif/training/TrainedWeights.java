package io.motif.training;

import java.util.function.Predicate;

/**
 * Which UNet weights train (the reference's {@code --freeze_model}); the modifier-token rows always train as well
 * ({@link #TOKEN_ONLY}: they alone).
 */
public enum TrainedWeights {
  /** Every cross-attention key and value projection ({@code attn2.to_k}, {@code attn2.to_v}): the paper's default. */
  CROSSATTN_KV(n -> n.contains(".attn2.to_k.") || n.contains(".attn2.to_v.")),
  /** Every cross-attention parameter ({@code attn2.to_q/to_k/to_v/to_out}), used by the reference for faces. */
  CROSSATTN(n -> n.contains(".attn2.")),
  /** Every UNet parameter: not Custom Diffusion, but the baseline the benchmark compares against. */
  ALL_UNET(n -> true),
  /**
   * No UNet weight: only the modifier-token rows learn (textual-inversion-like), so the delta is just the token
   * embeddings. A baseline of the evaluation, not Custom Diffusion.
   */
  TOKEN_ONLY(n -> false);

  private final Predicate<String> filter;

  TrainedWeights(Predicate<String> filter) {
    this.filter = filter;
  }

  public boolean trains(String unetWeightName) {
    return filter.test(unetWeightName);
  }

  public static TrainedWeights parse(String s) {
    return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
  }
}
