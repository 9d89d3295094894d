package io.motif.shapes.oracle;

import io.motif.shapes.world.Background;
import io.motif.shapes.world.ConceptInstances;
import io.motif.shapes.world.ObjectSpec;
import io.motif.shapes.world.PersonalConcept;
import io.motif.shapes.world.PlacedObject;
import io.motif.shapes.world.Position;
import io.motif.shapes.world.Prompt;
import io.motif.shapes.world.Scene;
import io.motif.shapes.world.SceneRenderer;
import io.motif.shapes.world.ShapeColour;
import io.motif.shapes.world.ShapesWorld;
import io.motif.shapes.world.SizeClass;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The concept feature must tell a concept from the other concepts and from plain objects of its category. */
class ConceptSimilarityTest {

    static final SceneRenderer RENDERER = new SceneRenderer(32);

    static Map<PersonalConcept, ConceptFeatures> references() {
        Map<PersonalConcept, ConceptFeatures> refs = new EnumMap<>(PersonalConcept.class);
        for (PersonalConcept c : PersonalConcept.values()) {
            List<BufferedImage> imgs = ConceptInstances.of(c, 10, "<new1>", 3).stream().map(RENDERER::render).toList();
            refs.put(c, Oracle.reference(imgs));
        }
        return refs;
    }

    @Test
    void conceptRendersAreNearestToTheirOwnConcept() {
        Map<PersonalConcept, ConceptFeatures> refs = references();
        SplittableRandom rnd = new SplittableRandom(5);
        int right = 0;
        int total = 0;
        for (PersonalConcept c : PersonalConcept.values()) {
            double own = 0;
            double plain = 0;
            int plainAbove = 0;
            for (int i = 0; i < 50; i++) {
                ConceptFeatures f = features(render(c.category(), null, c.id(), rnd));
                PersonalConcept best = null;
                double bestS = -1;
                for (Map.Entry<PersonalConcept, ConceptFeatures> e : refs.entrySet()) {
                    double s = f.similarity(e.getValue());
                    if (s > bestS) {
                        bestS = s;
                        best = e.getKey();
                    }
                }
                total++;
                if (best == c) {
                    right++;
                }
                own += f.similarity(refs.get(c));
                double p = features(render(c.category(), ShapesWorld_pick(rnd), null, rnd)).similarity(refs.get(c));
                plain += p;
            }
            System.out.printf("%s own %.3f plain %.3f%n", c.id(), own / 50, plain / 50);
            assertThat(own / 50).as(c.id()).isGreaterThan(plain / 50 + 0.2);
        }
        assertThat((double) right / total).isGreaterThanOrEqualTo(0.95);
    }

    private static ShapeColour ShapesWorld_pick(SplittableRandom rnd) {
        return ShapeColour.values()[rnd.nextInt(ShapeColour.values().length)];
    }

    /** One object at the sizes and places concept prompts produce (those of the instance images: any cell). */
    private static BufferedImage render(io.motif.shapes.world.ShapeKind k, ShapeColour colour, String concept,
                                        SplittableRandom rnd) {
        ObjectSpec spec = new ObjectSpec(k, colour, SizeClass.values()[rnd.nextInt(SizeClass.values().length)],
                Position.values()[rnd.nextInt(Position.values().length)], concept);
        PlacedObject o = ShapesWorld.place(spec, rnd);
        Background bg = Background.values()[rnd.nextInt(Background.values().length)];
        return RENDERER.render(new Scene(bg, List.of(o), new Prompt("", List.of(spec), null)));
    }

    private static ConceptFeatures features(BufferedImage img) {
        List<DetectedObject> d = ObjectDetector.detect(img);
        assertThat(d).hasSize(1);
        return ConceptFeatures.of(d.get(0).blob());
    }
}
