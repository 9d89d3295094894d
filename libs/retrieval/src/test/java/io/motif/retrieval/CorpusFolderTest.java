package io.motif.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusFolderTest {
    @TempDir
    Path dir;

    private void images(String... names) throws IOException {
        Files.createDirectories(dir.resolve("images"));
        for (String n : names) {
            Files.write(dir.resolve("images").resolve(n), new byte[] {1});
        }
    }

    @Test
    void numberedImagesPairWithCaptionLinesInNumericOrder() throws IOException {
        images("0.jpg", "1.jpg", "2.jpg", "10.jpg", "3.jpg", "4.jpg", "5.jpg", "6.jpg", "7.jpg", "8.jpg", "9.jpg");
        StringBuilder captions = new StringBuilder();
        for (int i = 0; i <= 10; i++) {
            captions.append("caption ").append(i).append('\n');
        }
        Files.writeString(dir.resolve("caption.txt"), captions);

        var entries = CorpusFolder.read(dir);

        assertThat(entries).hasSize(11);
        assertThat(entries.get(10)).isEqualTo(new CorpusEntry("images/10.jpg", "caption 10"));
        assertThat(entries.get(2)).isEqualTo(new CorpusEntry("images/2.jpg", "caption 2"));
    }

    @Test
    void imagesTxtFromAnotherMachineNamesTheFiles() throws IOException {
        images("b.jpg", "a.jpg");
        Files.writeString(dir.resolve("caption.txt"), "first\nsecond\n");
        Files.writeString(dir.resolve("images.txt"), "/home/someone/reg/dog/images/b.jpg\n/home/someone/reg/dog/images/a.jpg\n");

        assertThat(CorpusFolder.read(dir)).containsExactly(
                new CorpusEntry("images/b.jpg", "first"), new CorpusEntry("images/a.jpg", "second"));
    }

    @Test
    void captionAndImageCountsMustAgree() throws IOException {
        images("0.jpg", "1.jpg");
        Files.writeString(dir.resolve("caption.txt"), "only one\n");

        assertThatThrownBy(() -> CorpusFolder.read(dir)).hasMessageContaining("1 captions but 2 images");
    }

    @Test
    void aFolderWithoutTheLayoutIsRefused() {
        assertThatThrownBy(() -> CorpusFolder.read(dir)).hasMessageContaining("caption.txt");
    }
}
