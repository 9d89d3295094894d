package io.motif.shapes.corpus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RegularizationCorpusWriterTest {

    @Test
    void writesImagesAndOneCaptionPerImageInOrder(@TempDir Path dir) throws Exception {
        Path captions = new RegularizationCorpusWriter(77, 32).write(dir, 25);
        List<String> lines = Files.readAllLines(captions);
        assertThat(lines).hasSize(25).allSatisfy(l -> assertThat(l).isNotBlank());
        try (var files = Files.list(dir.resolve("images"))) {
            assertThat(files.count()).isEqualTo(25);
        }
        BufferedImage first = ImageIO.read(dir.resolve("images/000000.png").toFile());
        assertThat(first.getWidth()).isEqualTo(32);
        assertThat(lines.get(0)).isEqualTo(new io.motif.shapes.world.ShapesWorld(77).scene(0).caption());
    }
}
