package io.motif.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.motif.diffusion.scheduler.NoiseSchedule;
import java.util.List;
import java.util.Map;

/**
 * What the trainer needs from a diffusion model, and nothing more: the narrow seam between the training engine and
 * the diffusion core ({@link CoreTrainingModel} implements it on the core's UNet, text encoder, VAE and tokenizer).
 */
public interface TrainingModel {
  /** Live name → array view of the UNet weights (diffusers names); trainable ones are updated in place. */
  Map<String, NDArray> unetWeights();

  /** The text encoder's token-embedding table [vocab, dim] (live; new token rows are appended to it). */
  NDArray tokenTable();

  /** Adds a token to the tokenizer and a row (a copy of {@code initRow}'s row) to the table; returns its id. */
  int addToken(String token, int initRow);

  /** Ids of a word as the tokenizer splits it (no BOS/EOS); used to pick an initializer row. */
  List<Integer> wordIds(String word);

  /** The id of a vocabulary entry spelled exactly so (as transformers' {@code convert_tokens_to_ids}), or -1. */
  int vocabularyId(String token);

  /** Padded int64 ids [prompts, maxLength] (BOS … EOS, padded as the tokenizer is configured). */
  NDArray tokenize(List<String> prompts, NDManager manager);

  /** Final-layer-norm text features [B, L, D] (differentiable in the token table). */
  NDArray encodeText(NDArray inputIds);

  /** The UNet's output (ε or velocity, per the schedule's prediction type); {@code detachBos} keeps cross-attention K/V at token 0 out of the gradient. */
  NDArray predictNoise(NDArray noisyLatents, NDArray timesteps, NDArray textStates, boolean detachBos);

  /**
   * Latents of images in [-1, 1] [B, 3, H, W]: {@code (mean + std·eps)·scaling} of the VAE posterior with the given
   * standard-normal {@code eps} (shape of the latents); a pixel-space model returns the images themselves.
   */
  NDArray encodeLatents(NDArray pixels, float[] eps);

  /** Latent shape per image: channels and side. */
  int latentChannels();

  int latentSize();

  /** Training resolution in pixels. */
  int imageSize();

  /** The training noise schedule: ᾱ_t, and what the UNet predicts (ε or the velocity), so what it is trained on. */
  NoiseSchedule schedule();
}
