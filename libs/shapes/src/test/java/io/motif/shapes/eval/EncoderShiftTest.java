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
    void theCommittedEncoderTellsEveryAttributeApartAtItsWords() throws Exception {
        try (StableDiffusionModel model = StableDiffusionModel.load(EvalQuickTest.MOTIF_TINY)) {
            List<Result> results = new EncoderShift(model, new ShapesWorld()).measure(12);

            assertThat(results).extracting(Result::swap)
                    .containsExactly(Swap.POSITION, Swap.COLOUR, Swap.SHAPE, Swap.SIZE);
            assertThat(results).allSatisfy(r -> {
                assertThat(r.captions()).isPositive().isLessThanOrEqualTo(12);
                assertThat(r.atChangedWords()).isPositive().isFinite();
            });
            // the committed encoder was warmed up to name every cell's contents and then frozen (model card): a
            // changed position, colour or shape word moves that word's state by well over a tenth of its length
            // (0.63-0.67 on 64 captions; the encoders trained with the grounded UNets fell to 0.04 for colours)
            for (Result r : results.subList(0, 3)) {
                assertThat(r.atChangedWords()).as(r.swap().name()).isGreaterThan(0.3);
            }
            assertThat(EncoderShift.markdown(results)).contains("| colours swapped | ");
        }
    }
}
