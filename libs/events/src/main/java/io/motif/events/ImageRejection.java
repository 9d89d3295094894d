package io.motif.events;

/** Why one submitted image was refused. */
public record ImageRejection(String sha256, String reason) {
}
