package io.motif.shapes.oracle;

import io.motif.shapes.world.ObjectSpec;

/**
 * The oracle's judgement of one asked-for object. An attribute the prompt did not state is {@code null}; every
 * stated attribute is false when no object was matched. {@code conceptSimilarity} is set for concept objects only
 * (0 when nothing was matched).
 */
public record ObjectVerdict(ObjectSpec asked, DetectedObject matched, Boolean shape, Boolean colour, Boolean size,
                            Boolean position, Double conceptSimilarity) {
}
