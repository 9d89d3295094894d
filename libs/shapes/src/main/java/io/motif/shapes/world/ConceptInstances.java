package io.motif.shapes.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The instance images a user would upload for a personal concept: the object alone, large enough to show its
 * pattern, at varied positions and sizes on varied backgrounds.
 */
public final class ConceptInstances {

    public static final double MIN_EXTENT = 0.45;
    public static final double MAX_EXTENT = 0.8;

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
            double extent = MIN_EXTENT + rnd.nextDouble() * (MAX_EXTENT - MIN_EXTENT);
            double half = extent / 2;
            double cx = half + rnd.nextDouble() * (1 - extent);
            double cy = half + rnd.nextDouble() * (1 - extent);
            Position cell = Position.of(cx, cy, 1);
            SizeClass size = SizeClass.LARGE;
            ObjectSpec truth = new ObjectSpec(concept.category(), null, size, cell, concept.id());
            Background bg = ShapesWorld.pick(Background.values(), rnd);
            ObjectSpec stated = new ObjectSpec(concept.category(), null, null, null, concept.id());
            String text = captions.caption(List.of(stated), null, rnd);
            scenes.add(new Scene(bg, List.of(new PlacedObject(truth, cx, cy, extent)),
                    new Prompt(text, List.of(stated), null)));
        }
        return scenes;
    }
}
