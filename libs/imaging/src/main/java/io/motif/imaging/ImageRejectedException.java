package io.motif.imaging;

/** An image the intake refused, with a typed reason and a human-readable detail. */
public final class ImageRejectedException extends Exception {
    private final RejectionReason reason;

    public ImageRejectedException(RejectionReason reason, String detail) {
        super(reason.code() + ": " + detail);
        this.reason = reason;
    }

    public ImageRejectedException(RejectionReason reason, String detail, Throwable cause) {
        super(reason.code() + ": " + detail, cause);
        this.reason = reason;
    }

    public RejectionReason reason() {
        return reason;
    }
}
