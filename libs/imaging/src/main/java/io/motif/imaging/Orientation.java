package io.motif.imaging;

import java.awt.image.BufferedImage;

/**
 * The eight EXIF orientations (tag 0x0112) and how to turn stored pixels into the upright picture a viewer shows.
 * Normalised images are always stored upright with no orientation tag, so training never sees a sideways photo.
 */
public enum Orientation {
    NORMAL(1), MIRROR_HORIZONTAL(2), ROTATE_180(3), MIRROR_VERTICAL(4),
    TRANSPOSE(5), ROTATE_90_CW(6), TRANSVERSE(7), ROTATE_270_CW(8);

    private final int exifValue;

    Orientation(int exifValue) {
        this.exifValue = exifValue;
    }

    public int exifValue() {
        return exifValue;
    }

    /** The orientation for an EXIF value; out-of-range values (seen in the wild) mean "as stored". */
    public static Orientation fromExif(int value) {
        for (Orientation o : values()) {
            if (o.exifValue == value) {
                return o;
            }
        }
        return NORMAL;
    }

    /** True for the orientations that swap width and height. */
    public boolean swapsSides() {
        return exifValue >= 5;
    }

    /** The upright image: a new image unless this is {@link #NORMAL}. */
    public BufferedImage apply(BufferedImage src) {
        if (this == NORMAL) {
            return src;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage dst = new BufferedImage(swapsSides() ? h : w, swapsSides() ? w : h, src.getType());
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = src.getRGB(x, y);
                switch (this) {
                    case MIRROR_HORIZONTAL -> dst.setRGB(w - 1 - x, y, rgb);
                    case ROTATE_180 -> dst.setRGB(w - 1 - x, h - 1 - y, rgb);
                    case MIRROR_VERTICAL -> dst.setRGB(x, h - 1 - y, rgb);
                    case TRANSPOSE -> dst.setRGB(y, x, rgb);
                    case ROTATE_90_CW -> dst.setRGB(h - 1 - y, x, rgb);
                    case TRANSVERSE -> dst.setRGB(h - 1 - y, w - 1 - x, rgb);
                    case ROTATE_270_CW -> dst.setRGB(y, w - 1 - x, rgb);
                    default -> throw new IllegalStateException(name());
                }
            }
        }
        return dst;
    }
}
