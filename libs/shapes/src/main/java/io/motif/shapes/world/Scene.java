package io.motif.shapes.world;

import java.util.List;

/**
 * A captioned sample of the shapes world: what was drawn ({@code objects}), what the caption states about it
 * ({@code stated}, in caption order, aligned with {@code objects}) and the caption itself.
 */
public record Scene(Background background, List<PlacedObject> objects, Prompt prompt) {

    public Scene {
        objects = List.copyOf(objects);
        if (objects.size() != prompt.objects().size()) {
            throw new IllegalArgumentException("every drawn object must be stated in the prompt");
        }
    }

    public String caption() {
        return prompt.text();
    }
}
