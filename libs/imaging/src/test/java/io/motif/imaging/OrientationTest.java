package io.motif.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrientationTest {

    /** A 3×2 image with distinct pixel values 0..5, row-major: [0 1 2 / 3 4 5]. */
    private static BufferedImage numbered() {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 6; i++) {
            img.setRGB(i % 3, i / 3, i);
        }
        return img;
    }

    @ParameterizedTest
    @CsvSource({
        "1, 012345", "2, 210543", "3, 543210", "4, 345012",
        "5, 031425", "6, 304152", "7, 524130", "8, 251403"})
    void eachExifOrientationMapsPixelsToTheUprightPicture(int exif, String expectedRowMajor) {
        BufferedImage upright = Orientation.fromExif(exif).apply(numbered());

        StringBuilder actual = new StringBuilder();
        for (int y = 0; y < upright.getHeight(); y++) {
            for (int x = 0; x < upright.getWidth(); x++) {
                actual.append(upright.getRGB(x, y) & 0xFF);
            }
        }
        assertThat(actual.toString()).isEqualTo(expectedRowMajor);
    }
}
