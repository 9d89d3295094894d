package io.motif.imaging;

/**
 * Bounds an upload must respect. Pixel bounds are checked against the header's declared size, before any pixel
 * data is decoded, so a small file that claims an enormous canvas (a decompression bomb) costs nothing.
 *
 * @param maxBytes  largest accepted file, in bytes
 * @param maxPixels largest accepted width × height
 * @param maxSide   largest accepted width or height on its own (guards against 1 × 40M strips)
 */
public record IntakeLimits(long maxBytes, long maxPixels, int maxSide) {

    /** 25 MiB, 40 megapixels, 12 000 px a side: room for any phone photo, far below what would exhaust a heap. */
    public static IntakeLimits defaults() {
        return new IntakeLimits(25L * 1024 * 1024, 40_000_000L, 12_000);
    }

    public IntakeLimits {
        if (maxBytes <= 0 || maxPixels <= 0 || maxSide <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
