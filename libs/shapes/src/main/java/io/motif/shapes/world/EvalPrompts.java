package io.motif.shapes.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The fixed prompt sets the evaluation uses: fully specified base-world prompts (to measure what the base model
 * knows and how much fine-tuning makes it forget) and prompts that put a personal concept in context.
 */
public final class EvalPrompts {

    private EvalPrompts() {
    }

    /** {@code count} base-world prompts of one or two objects with every attribute stated. */
    public static List<Prompt> baseWorld(int count, long seed) {
        CaptionWriter captions = new CaptionWriter(Map.of());
        List<Prompt> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SplittableRandom rnd = new SplittableRandom(ShapesWorld.mix(seed, i));
            int n = 1 + (i % 2);
            List<ObjectSpec> objects = new ArrayList<>();
            for (Position p : ShapesWorld.distinctPositions(n, rnd)) {
                objects.add(ObjectSpec.plain(ShapesWorld.pick(ShapeKind.values(), rnd),
                        ShapesWorld.pick(ShapeColour.values(), rnd), ShapesWorld.pick(SizeClass.values(), rnd), p));
            }
            out.add(new Prompt(captions.caption(objects, null, rnd), objects, null));
        }
        return out;
    }

    /**
     * {@code count} prompts for one concept: alone, at a position, with a background, next to a base-world object
     * (the last tests that the concept composes with what the model already knows).
     */
    public static List<Prompt> concept(PersonalConcept concept, String token, int count, long seed) {
        CaptionWriter captions = new CaptionWriter(Map.of(concept.id(), token));
        List<Prompt> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SplittableRandom rnd = new SplittableRandom(ShapesWorld.mix(seed ^ 0x5EEDL, i));
            List<Position> cells = ShapesWorld.distinctPositions(2, rnd);
            Background bg = null;
            List<ObjectSpec> objects = new ArrayList<>();
            switch (i % 4) {
                case 0:
                    objects.add(new ObjectSpec(concept.category(), null, null, null, concept.id()));
                    break;
                case 1:
                    objects.add(new ObjectSpec(concept.category(), null, null, cells.get(0), concept.id()));
                    break;
                case 2:
                    objects.add(new ObjectSpec(concept.category(), null, null, null, concept.id()));
                    bg = ShapesWorld.pick(Background.values(), rnd);
                    break;
                default:
                    objects.add(new ObjectSpec(concept.category(), null, null, cells.get(0), concept.id()));
                    objects.add(ObjectSpec.plain(ShapesWorld.pick(ShapeKind.values(), rnd),
                            ShapesWorld.pick(ShapeColour.values(), rnd), null, cells.get(1)));
                    break;
            }
            out.add(new Prompt(captions.caption(objects, bg, rnd), objects, bg));
        }
        return out;
    }

    /**
     * {@code count} prompts that put two personal concepts in one image, each at its own stated position (and now
     * and then a background): the multi-concept prompts of the paper's second table.
     */
    public static List<Prompt> pair(PersonalConcept first, String firstToken, PersonalConcept second,
                                    String secondToken, int count, long seed) {
        CaptionWriter captions = new CaptionWriter(Map.of(first.id(), firstToken, second.id(), secondToken));
        List<Prompt> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SplittableRandom rnd = new SplittableRandom(ShapesWorld.mix(seed ^ 0x9A1BL, i));
            List<Position> cells = ShapesWorld.distinctPositions(2, rnd);
            List<ObjectSpec> objects = List.of(
                    new ObjectSpec(first.category(), null, null, cells.get(0), first.id()),
                    new ObjectSpec(second.category(), null, null, cells.get(1), second.id()));
            Background bg = i % 3 == 2 ? ShapesWorld.pick(Background.values(), rnd) : null;
            out.add(new Prompt(captions.caption(objects, bg, rnd), objects, bg));
        }
        return out;
    }
}
