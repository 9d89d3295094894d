package io.motif.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class FoldersTest {

    @TempDir
    Path tmp;

    @Test
    void deletesAFolderWithNestedFoldersAndFiles() throws IOException {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("a/b/c"));
        Files.writeString(root.resolve("a/one.txt"), "1");
        Files.writeString(root.resolve("a/b/c/two.txt"), "2");

        Folders.deleteRecursively(root);

        assertThat(root).doesNotExist();
        assertThat(tmp).exists();
    }

    @Test
    void deletesASingleFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("f.txt"), "x");

        Folders.deleteRecursively(file);

        assertThat(file).doesNotExist();
    }

    @Test
    void aMissingPathIsFine() {
        assertThatCode(() -> Folders.deleteRecursively(tmp.resolve("never-made"))).doesNotThrowAnyException();
    }

    @Test
    void removesALinkButNotWhatItPointsTo() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path kept = Files.writeString(outside.resolve("keep.txt"), "keep");
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createSymbolicLink(root.resolve("link"), outside);

        Folders.deleteRecursively(root);

        assertThat(root).doesNotExist();
        assertThat(kept).hasContent("keep");
    }
}
