package io.motif.shapes.eval;

import io.motif.diffusion.pipeline.StableDiffusionModel;
import io.motif.shapes.eval.CaptionSensitivity.Swap;
import io.motif.shapes.eval.EncoderShift.Result;
import io.motif.shapes.world.ShapesWorld;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EncoderShiftTest {

    @Test
    void theCommittedEncoderCarriesColoursIntoThePadding() throws Exception {
        try (StableDiffusionModel model = StableDiffusionModel.load(EvalQuickTest.MOTIF_TINY)) {
            List<Result> results = new EncoderShift(model, new ShapesWorld()).measure(12);

            assertThat(results).extracting(Result::swap)
                    .containsExactly(Swap.POSITION, Swap.COLOUR, Swap.SHAPE, Swap.SIZE);
            assertThat(results).allSatisfy(r -> {
                assertThat(r.captions()).isPositive().isLessThanOrEqualTo(12);
                assertThat(r.atChangedWords()).isPositive().isFinite();
            });
            // the committed weights read colours through the padding's summary of the caption (model card): a
            // colour swap moves it far more than mirrored positions do
            Result colour = results.get(1);
            Result position = results.get(0);
            assertThat(colour.atPadding()).isGreaterThan(0.3).isGreaterThan(5 * position.atPadding());
            assertThat(EncoderShift.markdown(results)).contains("| colours swapped | ");
        }
    }
}
