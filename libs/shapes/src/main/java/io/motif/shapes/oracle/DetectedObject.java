package io.motif.shapes.oracle;

import io.motif.shapes.world.Position;
import io.motif.shapes.world.ShapeColour;
import io.motif.shapes.world.ShapeKind;
import io.motif.shapes.world.SizeClass;

/** What the oracle sees in one blob: the four attributes a prompt can state, plus the evidence. */
public record DetectedObject(ShapeKind shape, ShapeColour colour, SizeClass size, Position position,
                             ShapeFit.Result fit, Blob blob) {
}
