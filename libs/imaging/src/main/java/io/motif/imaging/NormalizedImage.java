package io.motif.imaging;

/**
 * An accepted image: upright, metadata-free PNG bytes and their sha256 content address.
 *
 * @param png                 the normalised PNG (sRGB, 8 bits per channel, alpha kept only when the source had it)
 * @param sha256              lower-case hex sha256 of {@code png}; the image's identity for storage and duplicates
 * @param width               width after orientation
 * @param height              height after orientation
 * @param sourceFormat        what the uploaded bytes were
 * @param appliedOrientation  the EXIF orientation that was baked into the pixels
 * @param sourceBytes         size of the upload
 */
public record NormalizedImage(byte[] png, String sha256, int width, int height, ImageFormat sourceFormat,
                              Orientation appliedOrientation, long sourceBytes) {
}
