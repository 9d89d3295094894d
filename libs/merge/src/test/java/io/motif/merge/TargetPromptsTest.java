package io.motif.merge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetPromptsTest {

    @Test
    void templatesFollowTheTwoReferenceScriptsAndTheStyleRule() {
        assertThat(TargetPrompts.A_PHOTO_OF.prompts("<new1>", "cat")).containsExactly("<new1> cat", "a photo of <new1> cat");
        assertThat(TargetPrompts.PHOTO_OF_A.prompts("<new2>", "wooden pot"))
                .containsExactly("<new2> wooden pot", "photo of a <new2> wooden pot");
        // a substring test, as the reference: "art" anywhere in the phrase means a style
        assertThat(TargetPrompts.A_PHOTO_OF.prompts("<new1>", "cartoon"))
                .containsExactly("<new1> cartoon", "painting in the style of <new1> cartoon");
        assertThat(TargetPrompts.A_PHOTO_OF.prompts(null, "dog")).containsExactly("dog", "a photo of dog");
    }

    @Test
    void keptRowsRunFromAfterBosThroughTheFirstEosAndDropALeadingPhotoOfA() {
        long[] ids = {998, 4, 5, 3, 7, 999, 999, 999};
        assertThat(PromptFeatures.keptRows("a photo of cat", ids, 999)).containsExactly(1, 6);
        assertThat(PromptFeatures.keptRows("photo of a cat x", ids, 999)).containsExactly(4, 6);
        // only the first 15 characters are searched
        assertThat(PromptFeatures.dropsPhotoOfA("a small photo of a cat")).isFalse();
        assertThat(PromptFeatures.dropsPhotoOfA("a photo of a cat")).isTrue();
    }
}
