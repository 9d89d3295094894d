package io.motif.training.data;

import java.awt.image.BufferedImage;

/** A decoded, upright, square image with its caption, and the concept it belongs to (-1 for none). */
public record CaptionedImage(BufferedImage image, String caption, int concept) {}
