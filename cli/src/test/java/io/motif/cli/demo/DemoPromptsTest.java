package io.motif.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DemoPromptsTest {

    private final List<DemoConcept> pair = DemoConcept.pair("t1");

    @Test
    void conceptsHaveTheirOwnIdsTokensAndUploadableImages() {
        assertThat(pair).extracting(DemoConcept::conceptId).containsExactly("striped-star-t1", "dotted-heart-t1");
        assertThat(pair).extracting(DemoConcept::modifierToken).containsExactly("<new1>", "<new2>");
        assertThat(pair).extracting(DemoConcept::category).containsExactly("star", "heart");
        List<DemoConcept.Png> images = pair.get(0).instanceImages(3, 64, 5);
        assertThat(images).hasSize(3).extracting(DemoConcept.Png::name).doesNotHaveDuplicates();
        assertThat(images.get(0).bytes()).startsWith(0x89, 'P', 'N', 'G');
        assertThat(pair.get(0).instanceImages(3, 64, 5).get(2).bytes()).isEqualTo(images.get(2).bytes());
    }

    @Test
    void singlePromptsNameOneConceptAndMergedPromptsNameBoth() {
        assertThat(DemoPrompts.single(pair.get(1), 2, 42)).hasSize(2)
                .allMatch(p -> p.contains("<new2> heart") && !p.contains("<new1>"));
        assertThat(DemoPrompts.both(pair.get(0), pair.get(1), 3, 42)).hasSize(3)
                .allMatch(p -> p.contains("<new1> star") && p.contains("<new2> heart"))
                .doesNotHaveDuplicates();
    }
}
