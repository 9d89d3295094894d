package io.motif.imaging;

import java.nio.charset.StandardCharsets;

/**
 * Finds the EXIF orientation tag without trusting the file: it locates the TIFF-structured EXIF block (JPEG APP1,
 * PNG eXIf chunk, WebP EXIF chunk) and reads IFD0's tag 0x0112. Every offset is bounds-checked; anything malformed
 * simply means "no orientation", because a broken EXIF block must not cost the user their upload.
 */
public final class ExifOrientationReader {
    private static final int ORIENTATION_TAG = 0x0112;

    private ExifOrientationReader() {
    }

    public static Orientation read(byte[] data, ImageFormat format) {
        int[] block = switch (format) {
            case JPEG -> jpegExif(data);
            case PNG -> pngExif(data);
            case WEBP -> webpExif(data);
        };
        return block == null ? Orientation.NORMAL : Orientation.fromExif(tiffOrientation(data, block[0], block[1]));
    }

    /** Offset and length of the TIFF block in the first Exif APP1 segment before the scan data, or null. */
    private static int[] jpegExif(byte[] d) {
        int p = 2;
        while (p + 4 <= d.length && (d[p] & 0xFF) == 0xFF) {
            int marker = d[p + 1] & 0xFF;
            if (marker == 0xDA || marker == 0xD9) {
                return null;
            }
            int len = u16be(d, p + 2);
            if (len < 2 || p + 2 + len > d.length) {
                return null;
            }
            if (marker == 0xE1 && len >= 8 && ascii(d, p + 4, 6).equals("Exif\0\0")) {
                return new int[] {p + 10, len - 8};
            }
            p += 2 + len;
        }
        return null;
    }

    private static int[] pngExif(byte[] d) {
        int p = 8;
        while (p + 12 <= d.length) {
            long len = u32be(d, p);
            String type = ascii(d, p + 4, 4);
            if (len > d.length - p - 12) {
                return null;
            }
            if (type.equals("eXIf")) {
                return new int[] {p + 8, (int) len};
            }
            if (type.equals("IDAT") || type.equals("IEND")) {
                return null; // eXIf must precede the image data to count
            }
            p += 12 + (int) len;
        }
        return null;
    }

    private static int[] webpExif(byte[] d) {
        int p = 12;
        while (p + 8 <= d.length) {
            String fourcc = ascii(d, p, 4);
            long len = u32le(d, p + 4);
            if (len > d.length - p - 8) {
                return null;
            }
            if (fourcc.equals("EXIF")) {
                int start = p + 8;
                // some writers keep the JPEG-style "Exif\0\0" prefix inside the chunk
                if (len >= 6 && ascii(d, start, 6).equals("Exif\0\0")) {
                    return new int[] {start + 6, (int) len - 6};
                }
                return new int[] {start, (int) len};
            }
            p += 8 + (int) len + (int) (len & 1);
        }
        return null;
    }

    /** The orientation value in IFD0 of the TIFF block at [start, start + len), or 1. */
    private static int tiffOrientation(byte[] d, int start, int len) {
        if (len < 8) {
            return 1;
        }
        boolean little;
        if (d[start] == 'I' && d[start + 1] == 'I') {
            little = true;
        } else if (d[start] == 'M' && d[start + 1] == 'M') {
            little = false;
        } else {
            return 1;
        }
        long ifd = u32(d, start + 4, little);
        if (ifd < 8 || ifd + 2 > len) {
            return 1;
        }
        int entries = u16(d, start + (int) ifd, little);
        for (int i = 0; i < entries; i++) {
            int e = start + (int) ifd + 2 + i * 12;
            if (e + 12 > start + len) {
                return 1;
            }
            if (u16(d, e, little) == ORIENTATION_TAG) {
                return u16(d, e + 8, little); // SHORT, count 1: the value sits left-aligned in the offset field
            }
        }
        return 1;
    }

    private static String ascii(byte[] d, int off, int len) {
        return off + len <= d.length ? new String(d, off, len, StandardCharsets.ISO_8859_1) : "";
    }

    private static int u16(byte[] d, int off, boolean little) {
        return little ? (d[off] & 0xFF) | (d[off + 1] & 0xFF) << 8 : u16be(d, off);
    }

    private static long u32(byte[] d, int off, boolean little) {
        return little ? u32le(d, off) : u32be(d, off);
    }

    static int u16be(byte[] d, int off) {
        return (d[off] & 0xFF) << 8 | (d[off + 1] & 0xFF);
    }

    static long u32be(byte[] d, int off) {
        return ((long) (d[off] & 0xFF) << 24) | (d[off + 1] & 0xFF) << 16 | (d[off + 2] & 0xFF) << 8 | (d[off + 3] & 0xFF);
    }

    static long u32le(byte[] d, int off) {
        return ((long) (d[off + 3] & 0xFF) << 24) | (d[off + 2] & 0xFF) << 16 | (d[off + 1] & 0xFF) << 8 | (d[off] & 0xFF);
    }
}
