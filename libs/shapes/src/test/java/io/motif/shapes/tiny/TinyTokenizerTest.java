package io.motif.shapes.tiny;

import io.motif.diffusion.tokenizer.ClipBpeTokenizer;
import io.motif.shapes.world.CaptionWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TinyTokenizerTest {

    static final Path COMMITTED = Path.of("../../models/motif-tiny/tokenizer");

    @Test
    void everyWorldWordAndSpareRareWordIsOneToken() throws Exception {
        ClipBpeTokenizer tok = ClipBpeTokenizer.load(COMMITTED);
        for (String w : CaptionWriter.allWords()) {
            assertThat(tok.tokenIds(w)).as(w).hasSize(1);
        }
        for (String w : TinyTokenizerBuilder.SPARE_RARE_WORDS) {
            assertThat(tok.tokenIds(w)).as(w).hasSize(1);
        }
        // a word outside the world still encodes, letter by letter
        assertThat(tok.tokenIds("dog")).hasSize(3);
        assertThat(tok.encode("a red circle")).hasSize(TinyTokenizerBuilder.MAX_LENGTH);
    }

    @Test
    void committedFilesAreWhatTheBuilderWrites(@TempDir Path dir) throws Exception {
        new TinyTokenizerBuilder().write(dir, TinyTokenizerBuilder.MAX_LENGTH);
        for (String f : List.of("vocab.json", "merges.txt", "tokenizer_config.json", "special_tokens_map.json")) {
            assertThat(Files.readString(dir.resolve(f))).as(f).isEqualTo(Files.readString(COMMITTED.resolve(f)));
        }
    }
}
