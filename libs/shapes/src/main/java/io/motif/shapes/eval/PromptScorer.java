package io.motif.shapes.eval;

import io.motif.shapes.oracle.AttributeScores;
import io.motif.shapes.oracle.Oracle;
import io.motif.shapes.world.Prompt;

import java.awt.image.BufferedImage;
import java.util.List;

/** Generates images for a prompt set and lets the oracle score them. */
final class PromptScorer {

    private static final String[] STATED = {AttributeScores.SHAPE, AttributeScores.COLOUR, AttributeScores.SIZE,
            AttributeScores.POSITION};

    private PromptScorer() {
    }

    static AttributeScores score(ModelSampler sampler, Oracle oracle, List<Prompt> prompts, int imagesPerPrompt,
                                 long seed) {
        AttributeScores s = new AttributeScores();
        for (int i = 0; i < prompts.size(); i++) {
            Prompt p = prompts.get(i);
            for (BufferedImage img : sampler.images(p.text(), imagesPerPrompt, seed + 1000L * i)) {
                s.add(oracle.judge(p, img));
            }
        }
        return s;
    }

    /** Fraction right over every stated attribute (shape, colour, size, position) together; NaN when none. */
    static double pooled(AttributeScores s) {
        double right = 0;
        int total = 0;
        for (String a : STATED) {
            int n = s.total(a);
            if (n > 0) {
                right += s.accuracy(a) * n;
                total += n;
            }
        }
        return total == 0 ? Double.NaN : right / total;
    }
}
