package io.motif.shapes.oracle;

import io.motif.shapes.world.PersonalConcept;
import io.motif.shapes.world.Prompt;
import io.motif.shapes.world.Scene;
import io.motif.shapes.world.SceneRenderer;
import io.motif.shapes.world.ShapesWorld;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The oracle is only worth its numbers if it is right on what the world itself draws and no better than chance on
 * images that show nothing. These tests are the validation the model card quotes.
 */
class OracleValidationTest {

    static final int RES = 32;
    static final int SCENES = 600;

    @Test
    void readsGroundTruthRendersAtLeast95PercentRightPerAttribute() {
        AttributeScores s = scoreWorld(RES);
        System.out.println("ground truth " + RES + " px: " + s.asMap());
        for (String a : new String[] {AttributeScores.SHAPE, AttributeScores.COLOUR, AttributeScores.SIZE,
                AttributeScores.POSITION, AttributeScores.COUNT}) {
            assertThat(s.accuracy(a)).as(a).isGreaterThanOrEqualTo(0.95);
            assertThat(s.total(a)).as(a).isGreaterThan(100);
        }
    }

    @Test
    void isNearChanceOnNoiseImages() {
        ShapesWorld world = new ShapesWorld(7);
        Oracle oracle = new Oracle();
        AttributeScores s = new AttributeScores();
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 300; i++) {
            Prompt p = world.scene(i).prompt();
            s.add(oracle.judge(p, i % 2 == 0 ? whiteNoise(rnd) : blockNoise(rnd)));
        }
        System.out.println("noise: " + s.asMap());
        // chance: shape 1/7, colour 1/6, size 1/2, position 1/9
        assertThat(s.accuracy(AttributeScores.SHAPE)).isLessThan(1.0 / 7 + 0.1);
        assertThat(s.accuracy(AttributeScores.COLOUR)).isLessThan(1.0 / 6 + 0.1);
        assertThat(s.accuracy(AttributeScores.SIZE)).isLessThan(0.5 + 0.1);
        assertThat(s.accuracy(AttributeScores.POSITION)).isLessThan(1.0 / 9 + 0.1);
    }

    static AttributeScores scoreWorld(int res) {
        ShapesWorld world = new ShapesWorld(1);
        SceneRenderer renderer = new SceneRenderer(res);
        Oracle oracle = new Oracle();
        AttributeScores s = new AttributeScores();
        for (int i = 0; i < SCENES; i++) {
            Scene scene = world.scene(i);
            // judge against the full truth, so every attribute is checked
            Prompt truth = new Prompt(scene.caption(),
                    scene.objects().stream().map(o -> o.truth()).toList(), scene.background());
            s.add(oracle.judge(truth, renderer.render(scene)));
        }
        return s;
    }

    static BufferedImage whiteNoise(SplittableRandom rnd) {
        BufferedImage img = new BufferedImage(RES, RES, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < RES; y++) {
            for (int x = 0; x < RES; x++) {
                img.setRGB(x, y, rnd.nextInt(1 << 24));
            }
        }
        return img;
    }

    /** Noise with structure at the scale of objects: random colours in 4×4 blocks. */
    static BufferedImage blockNoise(SplittableRandom rnd) {
        BufferedImage img = new BufferedImage(RES, RES, BufferedImage.TYPE_INT_RGB);
        for (int by = 0; by < RES; by += 4) {
            for (int bx = 0; bx < RES; bx += 4) {
                int c = rnd.nextInt(1 << 24);
                for (int y = by; y < by + 4; y++) {
                    for (int x = bx; x < bx + 4; x++) {
                        img.setRGB(x, y, c);
                    }
                }
            }
        }
        return img;
    }
}
