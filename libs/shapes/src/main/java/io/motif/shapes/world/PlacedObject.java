package io.motif.shapes.world;

import java.awt.Shape;

/**
 * One drawn object: the full truth about it (every field of {@code truth} is set, except {@code colour} for a
 * personal concept) and where it was drawn, as fractions of the image side so a scene renders at any resolution.
 */
public record PlacedObject(ObjectSpec truth, double centreX, double centreY, double extent) {

    /** The outline's half-extent in pixels for an image {@code size} pixels wide. */
    public double radiusPixels(int size) {
        return extent * size / 2.0;
    }

    /**
     * Which cells of a {@code cells} × {@code cells} grid over an image {@code imageSize} pixels wide this object
     * covers (row-major): a cell counts if any of its {@code samples} × {@code samples} evenly spaced sample points
     * lies inside the outline (1: the cell's centre).
     */
    public boolean[] coveredCells(int imageSize, int cells, int samples) {
        Shape outline = truth.shape().outline(centreX * imageSize, centreY * imageSize, radiusPixels(imageSize));
        double side = (double) imageSize / cells;
        boolean[] covered = new boolean[cells * cells];
        for (int r = 0; r < cells; r++) {
            for (int c = 0; c < cells; c++) {
                covered[r * cells + c] = anyInside(outline, c * side, r * side, side, samples);
            }
        }
        return covered;
    }

    private static boolean anyInside(Shape outline, double x0, double y0, double side, int samples) {
        for (int i = 0; i < samples; i++) {
            for (int k = 0; k < samples; k++) {
                if (outline.contains(x0 + (k + 0.5) * side / samples, y0 + (i + 0.5) * side / samples)) {
                    return true;
                }
            }
        }
        return false;
    }
}
