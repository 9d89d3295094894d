package io.motif.training.data;

/**
 * How a non-square instance image becomes square. The reference code bases differ here: the paper's
 * CompVis code centre-crops, diffusers' script resizes straight to a square (squashing the aspect ratio).
 */
public enum ImageFit {
  /** Crop the central square, keep the aspect ratio (CompVis reference). */
  CENTER_CROP,
  /** Resize the whole image to a square, distorting the aspect ratio (diffusers reference). */
  SQUASH
}
