package io.motif.imaging;

/** What happened to one file of a multi-image upload. */
public sealed interface IntakeOutcome {
    /** The client's name for the file (multipart file name), for reporting only. */
    String name();

    /** A new image, ready to be stored under its content address. */
    record Accepted(String name, NormalizedImage image) implements IntakeOutcome {
    }

    /** Normalises to the same pixels as an image already held (or earlier in the same upload). */
    record Duplicate(String name, String sha256) implements IntakeOutcome {
    }

    /** Refused; nothing of it is stored. */
    record Rejected(String name, RejectionReason reason, String detail) implements IntakeOutcome {
    }
}
