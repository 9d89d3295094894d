package io.motif.imaging;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Turns untrusted upload bytes into a {@link NormalizedImage} or a typed refusal. The order of checks is the
 * point: byte size first, then magic bytes, then container completeness, then the header's declared dimensions,
 * and only then is any pixel data decoded. The result is re-encoded to PNG, which drops every metadata block
 * (EXIF with GPS, XMP, ICC, comments) and makes the sha256 depend on the pixels alone.
 */
public final class ImageIntake {
    private final IntakeLimits limits;

    public ImageIntake(IntakeLimits limits) {
        this.limits = limits;
    }

    public ImageIntake() {
        this(IntakeLimits.defaults());
    }

    public IntakeLimits limits() {
        return limits;
    }

    public NormalizedImage normalize(byte[] data) throws ImageRejectedException {
        if (data == null || data.length == 0) {
            throw new ImageRejectedException(RejectionReason.EMPTY, "no bytes");
        }
        if (data.length > limits.maxBytes()) {
            throw new ImageRejectedException(RejectionReason.TOO_LARGE,
                    data.length + " bytes, the limit is " + limits.maxBytes());
        }
        ImageFormat format = ImageFormat.sniff(data).orElseThrow(() -> ImageFormat.sniffUnsupported(data)
                .map(name -> new ImageRejectedException(RejectionReason.UNSUPPORTED_TYPE,
                        name + " is not accepted; send PNG, JPEG or WebP"))
                .orElseGet(() -> new ImageRejectedException(RejectionReason.NOT_AN_IMAGE,
                        "the bytes are not a PNG, JPEG or WebP image")));
        ContainerCompleteness.check(data, format);
        Orientation orientation = ExifOrientationReader.read(data, format);
        BufferedImage decoded = decodeWithinLimits(data, format);
        BufferedImage upright = orientation.apply(toSrgb(decoded));
        byte[] png = encodePng(upright);
        return new NormalizedImage(png, ContentAddress.sha256Hex(png), upright.getWidth(), upright.getHeight(),
                format, orientation, data.length);
    }

    private BufferedImage decodeWithinLimits(byte[] data, ImageFormat format) throws ImageRejectedException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + format + " on the classpath");
        }
        ImageReader reader = readers.next();
        // a memory cache, never ImageIO's default temp-file cache: uploads must not touch the disk
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(in, true, true);
            int width;
            int height;
            try {
                width = reader.getWidth(0);
                height = reader.getHeight(0);
            } catch (IOException | RuntimeException e) {
                throw rejection(e, "header");
            }
            checkDimensions(width, height);
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            BufferedImage image;
            try {
                image = reader.read(0);
            } catch (IOException | RuntimeException e) {
                throw rejection(e, "pixel data");
            }
            // the JDK JPEG decoder reports missing scan data as a warning and returns a grey-filled image
            for (String w : warnings) {
                if (w.toLowerCase().contains("premature end")) {
                    throw new ImageRejectedException(RejectionReason.TRUNCATED, w);
                }
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException("closing an in-memory stream", e);
        } finally {
            reader.dispose();
        }
    }

    private void checkDimensions(int width, int height) throws ImageRejectedException {
        if (width <= 0 || height <= 0) {
            throw new ImageRejectedException(RejectionReason.CORRUPT, "header declares " + width + "x" + height);
        }
        if (width > limits.maxSide() || height > limits.maxSide()
                || (long) width * height > limits.maxPixels()) {
            throw new ImageRejectedException(RejectionReason.TOO_MANY_PIXELS, "header declares " + width + "x" + height
                    + " (" + (long) width * height + " pixels); the limits are " + limits.maxPixels()
                    + " pixels and " + limits.maxSide() + " px a side");
        }
    }

    private static ImageRejectedException rejection(Throwable e, String stage) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException || String.valueOf(t.getMessage()).toLowerCase().contains("end of")) {
                return new ImageRejectedException(RejectionReason.TRUNCATED, "the " + stage + " ends early", e);
            }
        }
        return new ImageRejectedException(RejectionReason.CORRUPT, "the decoder refused the " + stage + ": "
                + e.getMessage(), e);
    }

    /** Draws any colour model (grey, indexed, CMYK-converted, 16-bit) into 8-bit sRGB, keeping alpha only if present. */
    private static BufferedImage toSrgb(BufferedImage src) {
        boolean alpha = src.getColorModel().hasAlpha();
        int type = alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        if (src.getType() == type) {
            return src;
        }
        BufferedImage dst = new BufferedImage(src.getWidth(), src.getHeight(), type);
        Graphics2D g = dst.createGraphics();
        try {
            g.drawImage(src, 0, 0, null);
        } finally {
            g.dispose();
        }
        return dst;
    }

    private static byte[] encodePng(BufferedImage image) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IllegalStateException("no PNG writer on the classpath");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(image); // no metadata argument: the PNG carries pixels and nothing else
        } catch (IOException e) {
            throw new UncheckedIOException("writing PNG to memory", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
