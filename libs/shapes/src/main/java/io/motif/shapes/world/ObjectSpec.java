package io.motif.shapes.world;

/**
 * What a prompt says about one object. Only {@code shape} is always stated; a {@code null} field was not stated
 * (the oracle does not check it). {@code concept} names a personal concept ({@link PersonalConcept#id()}), whose
 * own appearance replaces the colour.
 */
public record ObjectSpec(ShapeKind shape, ShapeColour colour, SizeClass size, Position position, String concept) {

    public ObjectSpec {
        if (shape == null) {
            throw new IllegalArgumentException("shape is required");
        }
    }

    public static ObjectSpec plain(ShapeKind shape, ShapeColour colour, SizeClass size, Position position) {
        return new ObjectSpec(shape, colour, size, position, null);
    }

    public boolean isConcept() {
        return concept != null;
    }
}
