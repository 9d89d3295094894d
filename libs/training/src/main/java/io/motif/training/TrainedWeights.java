package io.motif.training;

import java.util.function.Predicate;

/**
 * Which UNet weights train (the reference's {@code --freeze_model}); the modifier-token rows always train as well.
 */
public enum TrainedWeights {
  /** Every cross-attention key and value projection ({@code attn2.to_k}, {@code attn2.to_v}): the paper's default. */
  CROSSATTN_KV(n -> n.contains(".attn2.to_k.") || n.contains(".attn2.to_v.")),
  /** Every cross-attention parameter ({@code attn2.to_q/to_k/to_v/to_out}), used by the reference for faces. */
  CROSSATTN(n -> n.contains(".attn2.")),
  /** Every UNet parameter: not Custom Diffusion, but the baseline the benchmark compares against. */
  ALL_UNET(n -> true);

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
