package io.motif.cli.demo;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One image of many: rows (one per prompt) of equally sized cells, separated by a thin white gutter. Small images are
 * enlarged by a whole factor with nearest-neighbour sampling, so every generated pixel stays visible as it is.
 */
public final class ImageGrid {

    static final int GUTTER = 2;

    private ImageGrid() {
    }

    /**
     * Lays {@code rows} out top to bottom; cells take the largest image's size times the smallest whole factor that
     * makes them at least {@code minCell} pixels wide; rows may differ in length.
     */
    public static BufferedImage of(List<List<BufferedImage>> rows, int minCell) {
        if (rows.isEmpty() || rows.stream().allMatch(List::isEmpty)) {
            throw new IllegalArgumentException("a grid needs at least one image");
        }
        int maxW = rows.stream().flatMap(List::stream).mapToInt(BufferedImage::getWidth).max().orElseThrow();
        int maxH = rows.stream().flatMap(List::stream).mapToInt(BufferedImage::getHeight).max().orElseThrow();
        int scale = Math.max(1, (minCell + maxW - 1) / maxW);
        int cellW = maxW * scale;
        int cellH = maxH * scale;
        int columns = rows.stream().mapToInt(List::size).max().orElseThrow();
        BufferedImage grid = new BufferedImage(columns * cellW + (columns + 1) * GUTTER,
                rows.size() * cellH + (rows.size() + 1) * GUTTER, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
            for (int r = 0; r < rows.size(); r++) {
                for (int c = 0; c < rows.get(r).size(); c++) {
                    BufferedImage image = rows.get(r).get(c);
                    g.drawImage(image, GUTTER + c * (cellW + GUTTER), GUTTER + r * (cellH + GUTTER),
                            image.getWidth() * scale, image.getHeight() * scale, null);
                }
            }
        } finally {
            g.dispose();
        }
        return grid;
    }
}
