package io.motif.training.data;

import java.awt.RenderingHints;

/** The interpolation used when resizing images (diffusers uses bilinear, the CompVis code bicubic). */
public enum Resampling {
  BILINEAR(RenderingHints.VALUE_INTERPOLATION_BILINEAR),
  BICUBIC(RenderingHints.VALUE_INTERPOLATION_BICUBIC);

  final Object hint;

  Resampling(Object hint) {
    this.hint = hint;
  }
}
