package io.motif.shapes.world;

/**
 * One drawn object: the full truth about it (every field of {@code truth} is set, except {@code colour} for a
 * personal concept) and where it was drawn, as fractions of the image side so a scene renders at any resolution.
 */
public record PlacedObject(ObjectSpec truth, double centreX, double centreY, double extent) {

    /** The outline's half-extent in pixels for an image {@code size} pixels wide. */
    public double radiusPixels(int size) {
        return extent * size / 2.0;
    }
}
