package io.motif.events;

/** A target image already stored (decoded, checked, normalised) in object storage. */
public record Image(String objectKey, String sha256, int width, int height, String format) {
}
