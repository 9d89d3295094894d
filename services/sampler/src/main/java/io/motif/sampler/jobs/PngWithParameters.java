package io.motif.sampler.jobs;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.w3c.dom.NodeList;

/**
 * PNG files that carry their generation settings in a {@code tEXt} chunk with keyword {@code parameters} — the
 * convention image viewers and generation UIs read ("prompt\nNegative prompt: …\nSteps: 30, Sampler: …"), and a
 * grid of images for one glance at a whole job.
 */
public final class PngWithParameters {

    static final String KEYWORD = "parameters";
    private static final String FORMAT = "javax_imageio_png_1.0";

    private PngWithParameters() {
    }

    public static byte[] encode(BufferedImage image, String parameters) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try {
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image),
                    writer.getDefaultWriteParam());
            IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
            entry.setAttribute("keyword", KEYWORD);
            entry.setAttribute("value", parameters);
            IIOMetadataNode text = new IIOMetadataNode("tEXt");
            text.appendChild(entry);
            IIOMetadataNode root = new IIOMetadataNode(FORMAT);
            root.appendChild(text);
            metadata.mergeTree(FORMAT, root);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(new IIOImage(image, null, metadata));
            }
            return bytes.toByteArray();
        } finally {
            writer.dispose();
        }
    }

    /** The {@code parameters} text of a PNG, if it has one. */
    public static Optional<String> parameters(byte[] png) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
            try {
                reader.setInput(in);
                IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree(FORMAT);
                NodeList entries = root.getElementsByTagName("tEXtEntry");
                for (int i = 0; i < entries.getLength(); i++) {
                    IIOMetadataNode e = (IIOMetadataNode) entries.item(i);
                    if (KEYWORD.equals(e.getAttribute("keyword"))) {
                        return Optional.of(e.getAttribute("value"));
                    }
                }
                return Optional.empty();
            } finally {
                reader.dispose();
            }
        }
    }

    /** Rows of images side by side (one row per prompt), each cell the size of the largest image. */
    public static BufferedImage grid(List<List<BufferedImage>> rows) {
        int cellW = 1;
        int cellH = 1;
        int cols = 1;
        for (List<BufferedImage> row : rows) {
            cols = Math.max(cols, row.size());
            for (BufferedImage image : row) {
                cellW = Math.max(cellW, image.getWidth());
                cellH = Math.max(cellH, image.getHeight());
            }
        }
        BufferedImage grid = new BufferedImage(cols * cellW, Math.max(1, rows.size()) * cellH,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < rows.get(r).size(); c++) {
                g.drawImage(rows.get(r).get(c), c * cellW, r * cellH, null);
            }
        }
        g.dispose();
        return grid;
    }

    /** The settings line in the convention's layout. */
    public static String describe(String prompt, String negativePrompt, int steps, String sampler, double guidance,
                                  long seed, int width, int height, String model) {
        StringBuilder s = new StringBuilder(prompt);
        if (negativePrompt != null && !negativePrompt.isEmpty()) {
            s.append("\nNegative prompt: ").append(negativePrompt);
        }
        s.append("\nSteps: ").append(steps).append(", Sampler: ").append(sampler).append(", CFG scale: ")
                .append(guidance).append(", Seed: ").append(seed).append(", Size: ").append(width).append('x')
                .append(height).append(", Model: ").append(model);
        return s.toString();
    }
}
