package io.motif.imaging;

/**
 * Why an uploaded image was refused. The {@link #code()} is stable: it appears in HTTP answers, events and the
 * rejection-reason metric, so clients and dashboards can rely on it.
 */
public enum RejectionReason {
    /** No bytes at all. */
    EMPTY("empty"),
    /** More bytes than the intake accepts; decided before anything is parsed. */
    TOO_LARGE("too_large"),
    /** The header declares more pixels (or a longer side) than allowed: a decompression bomb or simply too big. */
    TOO_MANY_PIXELS("too_many_pixels"),
    /** The file stops before its format's end marker, or the decoder ran out of data. */
    TRUNCATED("truncated"),
    /** The bytes are not any image format we recognise (whatever the file name or declared type says). */
    NOT_AN_IMAGE("not_an_image"),
    /** A real image format that Motif does not take (GIF, BMP, TIFF, HEIF/AVIF …). */
    UNSUPPORTED_TYPE("unsupported_type"),
    /** A supported format whose contents the decoder refuses (bad header, bad compressed data). */
    CORRUPT("corrupt");

    private final String code;

    RejectionReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
