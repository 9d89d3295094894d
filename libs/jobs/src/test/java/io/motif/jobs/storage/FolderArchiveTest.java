package io.motif.jobs.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderArchiveTest {

    @TempDir
    Path dir;

    @Test
    void aFolderRoundTripsAndTheSameFolderGivesTheSameBytes() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("ckpt/sub"));
        Files.writeString(dir.resolve("ckpt/state.json"), "{\"step\":3}");
        Files.write(folder.resolve("w.bin"), new byte[] {1, 2, 3});

        byte[] first = FolderArchive.zip(dir.resolve("ckpt"));
        Files.setLastModifiedTime(dir.resolve("ckpt/state.json"), java.nio.file.attribute.FileTime.fromMillis(12345));
        assertThat(FolderArchive.zip(dir.resolve("ckpt"))).as("content-addressable: no timestamps inside").isEqualTo(first);

        FolderArchive.unzip(first, dir.resolve("out"));
        assertThat(Files.readString(dir.resolve("out/state.json"))).isEqualTo("{\"step\":3}");
        assertThat(Files.readAllBytes(dir.resolve("out/sub/w.bin"))).containsExactly(1, 2, 3);
    }

    @Test
    void anEntryThatEscapesTheTargetIsRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("../evil.txt"));
            zip.write(1);
            zip.closeEntry();
        }
        assertThatThrownBy(() -> FolderArchive.unzip(bytes.toByteArray(), dir.resolve("out")))
                .hasMessageContaining("escapes");
        assertThat(dir.resolve("evil.txt")).doesNotExist();
    }
}
