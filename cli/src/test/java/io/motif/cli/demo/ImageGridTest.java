package io.motif.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageGridTest {

    private static BufferedImage filled(int size, int rgb) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    @Test
    void rowsOfEnlargedCellsWithGutters() {
        BufferedImage grid = ImageGrid.of(List.of(List.of(filled(32, 0xFF0000), filled(32, 0x00FF00)),
                List.of(filled(32, 0x0000FF))), 100);
        int cell = 128; // 32 px enlarged by the smallest whole factor reaching 100 px
        int g = ImageGrid.GUTTER;
        assertThat(grid.getWidth()).isEqualTo(2 * cell + 3 * g);
        assertThat(grid.getHeight()).isEqualTo(2 * cell + 3 * g);
        assertThat(grid.getRGB(g, g) & 0xFFFFFF).isEqualTo(0xFF0000);
        assertThat(grid.getRGB(g + cell - 1, g + cell - 1) & 0xFFFFFF).isEqualTo(0xFF0000);
        assertThat(grid.getRGB(2 * g + cell, g) & 0xFFFFFF).isEqualTo(0x00FF00);
        assertThat(grid.getRGB(g, 2 * g + cell) & 0xFFFFFF).isEqualTo(0x0000FF);
        assertThat(grid.getRGB(2 * g + cell, 2 * g + cell) & 0xFFFFFF).as("the short row's empty cell").isEqualTo(0xFFFFFF);
        assertThat(grid.getRGB(0, 0) & 0xFFFFFF).as("gutter").isEqualTo(0xFFFFFF);
    }

    @Test
    void noImagesNoGrid() {
        assertThatThrownBy(() -> ImageGrid.of(List.of(List.of()), 64)).isInstanceOf(IllegalArgumentException.class);
    }
}
