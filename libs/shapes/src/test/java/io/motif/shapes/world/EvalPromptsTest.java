package io.motif.shapes.world;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The multi-concept prompts: both concepts, each with its own token, at two different stated positions. */
class EvalPromptsTest {

    @Test
    void pairPromptsNameBothConceptsAtDistinctPositionsAndAreRepeatable() {
        List<Prompt> prompts = EvalPrompts.pair(PersonalConcept.STRIPED_STAR, "<new1>", PersonalConcept.DOTTED_HEART,
                "<new2>", 6, 2023L);
        assertThat(prompts).hasSize(6);
        for (Prompt p : prompts) {
            assertThat(p.text()).contains("<new1> star", "<new2> heart");
            assertThat(p.objects()).extracting(ObjectSpec::concept).containsExactly("striped-star", "dotted-heart");
            assertThat(p.objects().get(0).position()).isNotNull().isNotEqualTo(p.objects().get(1).position());
        }
        assertThat(prompts.stream().filter(p -> p.background() != null)).hasSize(2);
        assertThat(EvalPrompts.pair(PersonalConcept.STRIPED_STAR, "<new1>", PersonalConcept.DOTTED_HEART, "<new2>", 6,
                2023L)).isEqualTo(prompts);
    }
}
