package io.motif.cli.demo;

import io.motif.shapes.world.Background;
import io.motif.shapes.world.CaptionWriter;
import io.motif.shapes.world.EvalPrompts;
import io.motif.shapes.world.ObjectSpec;
import io.motif.shapes.world.Position;
import io.motif.shapes.world.Prompt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** The prompts the demo samples, written in the shapes world's own caption language so motif-tiny can read them. */
public final class DemoPrompts {

    private DemoPrompts() {
    }

    /** Prompts that put one concept in context (alone, at a place, on a background …). */
    public static List<String> single(DemoConcept concept, int count, long seed) {
        return EvalPrompts.concept(concept.concept(), concept.modifierToken(), count, seed).stream()
                .map(Prompt::text).toList();
    }

    /** Prompts that show both concepts side by side, each in its own cell, the way only a merged delta can. */
    public static List<String> both(DemoConcept first, DemoConcept second, int count, long seed) {
        CaptionWriter captions = new CaptionWriter(Map.of(first.concept().id(), first.modifierToken(),
                second.concept().id(), second.modifierToken()));
        Position[][] places = {{Position.LEFT, Position.RIGHT}, {Position.TOP, Position.BOTTOM},
                {Position.TOP_LEFT, Position.BOTTOM_RIGHT}};
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + i);
            Position[] cells = places[i % places.length];
            List<ObjectSpec> objects = List.of(
                    new ObjectSpec(first.concept().category(), null, null, cells[0], first.concept().id()),
                    new ObjectSpec(second.concept().category(), null, null, cells[1], second.concept().id()));
            Background background = i % 2 == 1 ? Background.values()[rnd.nextInt(Background.values().length)] : null;
            prompts.add(captions.caption(objects, background, rnd));
        }
        return prompts;
    }
}
