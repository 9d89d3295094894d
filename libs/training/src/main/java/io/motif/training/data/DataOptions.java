package io.motif.training.data;

/**
 * Every data-pipeline choice of a run, explicit.
 *
 * @param size training resolution in pixels (the model's sample size × the VAE factor)
 * @param latentSize side of the latent (and of the loss mask)
 * @param fit how non-square instance images become square
 * @param resampling interpolation for every resize
 * @param flip random horizontal flip (p = 0.5) of instance and class images
 * @param augment scale augmentation of instance images
 * @param middleBand what the augmentation does for 0.6·size ≤ s ≤ size
 * @param randomClassCrop class images: random square crop instead of the central one
 * @param scalePrefixes whether the augmentation prefixes its words ("a far away ", "zoomed in " …) to the caption:
 *     the reference does; a model whose text encoder never saw those words (motif-tiny) is better off without
 */
public record DataOptions(
    int size,
    int latentSize,
    ImageFit fit,
    Resampling resampling,
    boolean flip,
    boolean augment,
    ScaleAugmentation.MiddleBand middleBand,
    boolean randomClassCrop,
    boolean scalePrefixes) {

  /** diffusers' script defaults (squash, bilinear, no flip, augmentation with the diffusers middle band). */
  public static DataOptions diffusersDefaults(int size, int latentSize) {
    return new DataOptions(size, latentSize, ImageFit.SQUASH, Resampling.BILINEAR, false, true,
        ScaleAugmentation.MiddleBand.PASTE, false, true);
  }

  /** The paper's CompVis code (centre crop, bicubic, flip, augmentation filling the middle band). */
  public static DataOptions compVisDefaults(int size, int latentSize) {
    return new DataOptions(size, latentSize, ImageFit.CENTER_CROP, Resampling.BICUBIC, true, true,
        ScaleAugmentation.MiddleBand.FILL, false, true);
  }

  public ScaleAugmentation augmentation() {
    return new ScaleAugmentation(augment, middleBand, scalePrefixes);
  }

  /** The same choices at another resolution (the model decides size and latent size). */
  public DataOptions withSize(int newSize, int newLatentSize) {
    return new DataOptions(newSize, newLatentSize, fit, resampling, flip, augment, middleBand, randomClassCrop,
        scalePrefixes);
  }

  /** The same choices, with or without the augmentation's caption prefixes. */
  public DataOptions withScalePrefixes(boolean prefixes) {
    return new DataOptions(size, latentSize, fit, resampling, flip, augment, middleBand, randomClassCrop, prefixes);
  }
}
