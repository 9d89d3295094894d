package io.motif.shapes.eval;

import io.motif.shapes.world.PersonalConcept;

/** Two personal concepts for the multi-concept rows; the first gets {@code <new1>}, the second {@code <new2>}. */
public record ConceptPair(PersonalConcept first, PersonalConcept second) {

    public ConceptPair {
        if (first == second) {
            throw new IllegalArgumentException("a pair needs two different concepts");
        }
    }

    public String id() {
        return first.id() + "+" + second.id();
    }
}
