package io.motif.diffusion.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenizerTest {

    /** A miniature CLIP vocabulary: single characters, a few merges, and the two special tokens. */
    private static ClipBpeTokenizer tiny() {
        Map<String, Integer> vocab = new java.util.HashMap<>();
        String[] symbols = {"a", "c", "d", "g", "o", "t", "a</w>", "c</w>", "d</w>", "g</w>", "o</w>", "t</w>", ",</w>",
                            "ca", "cat</w>", "do", "dog</w>", "<|startoftext|>", "<|endoftext|>"};
        for (int i = 0; i < symbols.length; i++) {
            vocab.put(symbols[i], i);
        }
        List<String> merges = List.of("c a", "ca t</w>", "d o", "do g</w>");
        return new ClipBpeTokenizer(vocab, merges, "<|endoftext|>", 77);
    }

    @Test
    void mergesByRankAndMarksWordEnds() {
        ClipBpeTokenizer t = tiny();
        assertThat(t.tokenIds("Cat  dog")).containsExactly(14, 16);
        // "tac" has no merges: three symbols, the last with </w>
        assertThat(t.tokenIds("tac")).containsExactly(5, 0, 7);
        assertThat(t.tokenIds("cat,dog")).containsExactly(14, 12, 16);
    }

    @Test
    void framesWithBosEosAndPadsTo77() {
        ClipBpeTokenizer t = tiny();
        long[] ids = t.encode("cat");
        assertThat(ids).hasSize(77);
        assertThat(ids[0]).isEqualTo(17);
        assertThat(ids[1]).isEqualTo(14);
        assertThat(ids[2]).isEqualTo(18);
        assertThat(ids[76]).isEqualTo(18);
        long[] empty = t.encode("");
        assertThat(empty[0]).isEqualTo(17);
        assertThat(empty[1]).isEqualTo(18);
    }

    @Test
    void truncatesLongPromptsKeepingEos() {
        ClipBpeTokenizer t = tiny();
        long[] ids = t.encode("cat ".repeat(100));
        assertThat(ids[75]).isEqualTo(14);
        assertThat(ids[76]).isEqualTo(18);
    }

    @Test
    void addedTokensGetTheNextIdAndAreNotSplit() {
        ClipBpeTokenizer t = tiny();
        int id = t.addToken("<new1>");
        assertThat(id).isEqualTo(19);
        assertThat(t.size()).isEqualTo(20);
        assertThat(t.tokenIds("a <new1> dog")).containsExactly(6, 19, 16);
        assertThat(t.tokenIds("<new1>dog")).containsExactly(19, 16);
        assertThatThrownBy(() -> t.addToken("<new1>")).hasMessageContaining("already exists");
    }

    @Test
    void wordLevelTokenizerFramesLikeTheFixtures() {
        WordLevelTokenizer t = new WordLevelTokenizer(Map.of("a", 3, "photo", 4, "of", 5, "cat", 7), 998, 999, 999, 1000, 77);
        assertThat(t.addToken("<new1>")).isEqualTo(1000);
        long[] ids = t.encode("photo of a <new1> cat");
        assertThat(java.util.Arrays.copyOf(ids, 8)).containsExactly(998, 4, 5, 3, 1000, 7, 999, 999);
        assertThatThrownBy(() -> t.encode("dog")).hasMessageContaining("dog");
    }
}
