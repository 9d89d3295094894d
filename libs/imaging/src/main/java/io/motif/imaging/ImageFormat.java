package io.motif.imaging;

import java.util.Optional;

/**
 * The formats the intake accepts, recognised from their magic bytes only: a file name or a declared content type
 * says nothing about what the bytes are.
 */
public enum ImageFormat {
    PNG("png"),
    JPEG("jpeg"),
    WEBP("webp");

    private final String imageIoName;

    ImageFormat(String imageIoName) {
        this.imageIoName = imageIoName;
    }

    /** The format name ImageIO registers readers under. */
    public String imageIoName() {
        return imageIoName;
    }

    /** The accepted format of these bytes, if they start like one. */
    public static Optional<ImageFormat> sniff(byte[] data) {
        if (startsWith(data, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(data, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(data, 0, 'R', 'I', 'F', 'F') && startsWith(data, 8, 'W', 'E', 'B', 'P')) {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    /** The name of a recognised image format Motif does not accept, if these bytes are one. */
    public static Optional<String> sniffUnsupported(byte[] data) {
        if (startsWith(data, 0, 'G', 'I', 'F', '8')) {
            return Optional.of("GIF");
        }
        if (startsWith(data, 0, 'B', 'M') && data.length > 26) {
            return Optional.of("BMP");
        }
        if (startsWith(data, 0, 'I', 'I', 42, 0) || startsWith(data, 0, 'M', 'M', 0, 42)) {
            return Optional.of("TIFF");
        }
        if (startsWith(data, 4, 'f', 't', 'y', 'p')) {
            return Optional.of("ISO-BMFF (HEIF/AVIF)");
        }
        if (startsWith(data, 0, 0, 0, 1, 0)) {
            return Optional.of("ICO");
        }
        return Optional.empty();
    }

    static boolean startsWith(byte[] data, int offset, int... expected) {
        if (data.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((data[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
