package io.motif.jobs;

/** A saved job state: the step it was taken after, and the body's own serialised state. */
public record Checkpoint(long step, byte[] state) {
}
