package io.motif.shapes.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The instance images a user would upload for a personal concept: the object alone, at varied positions and sizes
 * on varied backgrounds. Positions and sizes are the base world's (one of its cells, small or large), because a
 * concept is learnt by re-targeting what the base model already draws: motif-tiny never draws an object larger
 * than a cell, and Custom Diffusion's few steps on cross-attention K/V cannot teach it to.
 */
public final class ConceptInstances {

    private ConceptInstances() {
    }

    /**
     * {@code count} instance scenes of {@code concept}, captioned with {@code token} ("a &lt;new1&gt; star").
     */
    public static List<Scene> of(PersonalConcept concept, int count, String token, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive");
        }
        CaptionWriter captions = new CaptionWriter(Map.of(concept.id(), token));
        List<Scene> scenes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SplittableRandom rnd = new SplittableRandom(ShapesWorld.mix(seed ^ concept.ordinal() * 7919L, i));
            Position cell = ShapesWorld.pick(Position.values(), rnd);
            SizeClass size = ShapesWorld.pick(SizeClass.values(), rnd);
            ObjectSpec truth = new ObjectSpec(concept.category(), null, size, cell, concept.id());
            PlacedObject placed = ShapesWorld.place(truth, rnd);
            Background bg = ShapesWorld.pick(Background.values(), rnd);
            ObjectSpec stated = new ObjectSpec(concept.category(), null, null, null, concept.id());
            String text = captions.caption(List.of(stated), null, rnd);
            scenes.add(new Scene(bg, List.of(placed),
                    new Prompt(text, List.of(stated), null)));
        }
        return scenes;
    }
}
