package io.motif.imaging;

/**
 * Cheap structural checks that catch a cut-off upload before the decoder does: decoders often "succeed" on a
 * truncated file and fill the missing rows with grey, which would silently poison a training set.
 */
final class ContainerCompleteness {
    private ContainerCompleteness() {
    }

    static void check(byte[] d, ImageFormat format) throws ImageRejectedException {
        switch (format) {
            case PNG -> checkPng(d);
            case JPEG -> checkJpeg(d);
            case WEBP -> checkWebp(d);
        }
    }

    /** Walks the chunk list; it must reach IEND inside the file. */
    private static void checkPng(byte[] d) throws ImageRejectedException {
        int p = 8;
        while (true) {
            if (p + 12 > d.length) {
                throw new ImageRejectedException(RejectionReason.TRUNCATED, "PNG ends inside a chunk header, before IEND");
            }
            long len = ExifOrientationReader.u32be(d, p);
            if (len > d.length - p - 12) {
                throw new ImageRejectedException(RejectionReason.TRUNCATED,
                        "PNG chunk at byte " + p + " declares " + len + " bytes but the file ends first");
            }
            if (d[p + 4] == 'I' && d[p + 5] == 'E' && d[p + 6] == 'N' && d[p + 7] == 'D') {
                return;
            }
            p += 12 + (int) len;
        }
    }

    /**
     * Walks the marker segments to the first start-of-scan (an EXIF thumbnail inside APP1 carries its own SOS and
     * EOI, so a plain byte search would be fooled), then requires an end-of-image marker after it: entropy-coded
     * data never contains FF D9 (a data byte FF is stuffed as FF 00), so that marker proves the scans are complete.
     */
    private static void checkJpeg(byte[] d) throws ImageRejectedException {
        int p = 2;
        while (true) {
            if (p + 4 > d.length) {
                throw new ImageRejectedException(RejectionReason.TRUNCATED, "JPEG ends before its scan data");
            }
            if ((d[p] & 0xFF) != 0xFF) {
                throw new ImageRejectedException(RejectionReason.CORRUPT, "JPEG marker expected at byte " + p);
            }
            int marker = d[p + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte before a marker
                p++;
                continue;
            }
            int len = ExifOrientationReader.u16be(d, p + 2);
            if (len < 2 || p + 2 + len > d.length) {
                throw new ImageRejectedException(RejectionReason.TRUNCATED, "JPEG segment at byte " + p + " runs past the end");
            }
            p += 2 + len;
            if (marker == 0xDA) {
                break;
            }
        }
        for (int i = p; i + 1 < d.length; i++) {
            if ((d[i] & 0xFF) == 0xFF && (d[i + 1] & 0xFF) == 0xD9) {
                return;
            }
        }
        throw new ImageRejectedException(RejectionReason.TRUNCATED, "JPEG has no end-of-image marker after its scan data");
    }

    private static void checkWebp(byte[] d) throws ImageRejectedException {
        long riffSize = ExifOrientationReader.u32le(d, 4);
        if (d.length < 12 || riffSize + 8 > d.length) {
            throw new ImageRejectedException(RejectionReason.TRUNCATED,
                    "WebP RIFF header declares " + (riffSize + 8) + " bytes, the file has " + d.length);
        }
    }
}
