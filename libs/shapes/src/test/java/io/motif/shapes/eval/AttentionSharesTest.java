package io.motif.shapes.eval;

import io.motif.diffusion.pipeline.StableDiffusionModel;
import io.motif.shapes.eval.AttentionShares.Layer;
import io.motif.shapes.eval.AttentionShares.TokenKind;
import io.motif.shapes.world.Background;
import io.motif.shapes.world.ObjectSpec;
import io.motif.shapes.world.PlacedObject;
import io.motif.shapes.world.Position;
import io.motif.shapes.world.Prompt;
import io.motif.shapes.world.Scene;
import io.motif.shapes.world.ShapeColour;
import io.motif.shapes.world.ShapeKind;
import io.motif.shapes.world.ShapesWorld;
import io.motif.shapes.world.SizeClass;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AttentionSharesTest {

    @Test
    void objectPixelsAreTheCellsInsideTheOutlines() {
        PlacedObject topLeft = new PlacedObject(ObjectSpec.plain(ShapeKind.SQUARE, ShapeColour.RED, SizeClass.LARGE,
                Position.TOP_LEFT), 1 / 6.0, 1 / 6.0, SizeClass.LARGE.fraction());
        Scene scene = new Scene(Background.WHITE, List.of(topLeft),
                new Prompt("a large red square at the top left", List.of(topLeft.truth()), null));
        boolean[] in = AttentionShares.objectPixels(scene, 8, 32);
        assertThat(in[1 * 8 + 1]).isTrue();
        assertThat(in[6 * 8 + 6]).isFalse();
        assertThat(in[1 * 8 + 6]).isFalse();
    }

    @Test
    void sharesOfEveryLayerAddUpAndTheCommittedModelAttendsToPositionWordsOnlyInsideTheirObjects() throws Exception {
        try (StableDiffusionModel model = StableDiffusionModel.load(EvalQuickTest.MOTIF_TINY)) {
            List<Layer> layers = new AttentionShares(model, new ShapesWorld()).measure(6, 500, 7L);

            // motif-tiny attends at 16×16 and 8×8: two down layers, the mid block, and the up layers
            assertThat(layers).hasSize(7);
            assertThat(layers).extracting(Layer::grid).containsOnly(16, 8);
            for (Layer l : layers) {
                assertThat(sum(l.inside())).isCloseTo(1.0, within(1e-3));
                assertThat(sum(l.outside())).isCloseTo(1.0, within(1e-3));
                // the committed weights read most of the caption through the padding's summary of it (model card)
                assertThat(l.inside().get(TokenKind.END_AND_PADDING)).isGreaterThan(0.3);
            }
            // and their position words were grounded in pretraining: on the 8×8 layers a pixel inside an object gives
            // them 0.07-0.12 of its attention, a pixel outside every object almost none
            for (Layer l : layers.stream().filter(l -> l.grid() == 8).toList()) {
                assertThat(l.inside().get(TokenKind.POSITION)).isGreaterThan(0.03)
                        .isGreaterThan(5 * l.outside().get(TokenKind.POSITION));
            }
            assertThat(AttentionShares.markdown(layers)).contains("| end and padding |").contains("| 1 | 16×16 |");
        }
    }

    private static double sum(Map<TokenKind, Double> shares) {
        return shares.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
