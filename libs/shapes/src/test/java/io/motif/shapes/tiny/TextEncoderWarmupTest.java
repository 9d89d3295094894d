package io.motif.shapes.tiny;

import ai.djl.ndarray.NDManager;
import io.motif.shapes.world.Background;
import io.motif.shapes.world.ObjectSpec;
import io.motif.shapes.world.Position;
import io.motif.shapes.world.Prompt;
import io.motif.shapes.world.ShapeColour;
import io.motif.shapes.world.ShapeKind;
import io.motif.shapes.world.ShapesWorld;
import io.motif.shapes.world.SizeClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The caption read-out's targets say what a caption states per cell, and the warm-up teaches the encoder to say it. */
class TextEncoderWarmupTest {

    @Test
    void targetsPutEachStatedAttributeInItsCell() {
        Prompt p = new Prompt("a small red circle at the top left and a blue star on the right on a black background",
                List.of(ObjectSpec.plain(ShapeKind.CIRCLE, ShapeColour.RED, SizeClass.SMALL, Position.TOP_LEFT),
                        ObjectSpec.plain(ShapeKind.STAR, ShapeColour.BLUE, null, Position.RIGHT)),
                Background.BLACK);
        int[][] t = CaptionReadout.targetsOf(p);
        assertThat(t[0][Position.TOP_LEFT.ordinal()]).isEqualTo(ShapeColour.RED.ordinal() + 1);
        assertThat(t[1][Position.TOP_LEFT.ordinal()]).isEqualTo(ShapeKind.CIRCLE.ordinal() + 1);
        assertThat(t[2][Position.TOP_LEFT.ordinal()]).isEqualTo(SizeClass.SMALL.ordinal() + 1);
        assertThat(t[0][Position.RIGHT.ordinal()]).isEqualTo(ShapeColour.BLUE.ordinal() + 1);
        assertThat(t[2][Position.RIGHT.ordinal()]).as("size not stated").isZero();
        assertThat(t[1][Position.CENTRE.ordinal()]).as("empty cell").isZero();
        assertThat(t[3]).containsExactly(Background.BLACK.ordinal() + 1);
    }

    @Test
    void promptsWithAnUnplacedObjectHaveNoTargets() {
        Prompt p = new Prompt("two red circles", List.of(ObjectSpec.plain(ShapeKind.CIRCLE, ShapeColour.RED, null, null),
                ObjectSpec.plain(ShapeKind.CIRCLE, ShapeColour.RED, null, null)), null);
        assertThat(CaptionReadout.targetsOf(p)).isNull();
    }

    @Test
    void warmupTeachesTheEncoderToStateEachCell(@TempDir Path tmp) throws Exception {
        Path config = TinyPretrainerTest.microConfig(tmp.resolve("config"));
        List<String> log = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager(); TinyModel untrained = TinyModel.initialise(config, 7, m);
             TinyModel trained = TinyModel.initialise(config, 7, m)) {
            double before = new TextEncoderWarmup(untrained, new ShapesWorld(3), 5).run(1, 32, 1e-3, log::add);
            double after = new TextEncoderWarmup(trained, new ShapesWorld(3), 5).run(250, TextEncoderWarmup.BATCH, TextEncoderWarmup.LEARNING_RATE, log::add);
            // several classes per head: an untrained read-out gets a small fraction of the stated attributes
            assertThat(before).isLessThan(0.5);
            assertThat(after).as("held-out accuracy after the warm-up; its log: %s", log).isGreaterThan(0.6);
            assertThat(log).anyMatch(l -> l.startsWith("text warm-up step 100 loss"));
        }
    }
}
