package io.motif.shapes.world;

import java.util.List;

/**
 * A structured prompt: its text plus what it asks for, object by object. {@code background} is {@code null} when
 * the text does not name one.
 */
public record Prompt(String text, List<ObjectSpec> objects, Background background) {

    public Prompt {
        objects = List.copyOf(objects);
    }
}
