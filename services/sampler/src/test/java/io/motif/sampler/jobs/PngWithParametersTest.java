package io.motif.sampler.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngWithParametersTest {

    @Test
    void theParametersChunkRoundTripsAndThePixelsAreUntouched() throws Exception {
        BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 2, 0x123456);
        String parameters = PngWithParameters.describe("photo of a <new1> star", "blurry", 30, "ddim", 6.0, 42L, 4, 3,
                "motif-tiny");
        byte[] png = PngWithParameters.encode(image, parameters);

        assertThat(PngWithParameters.parameters(png)).contains(
                "photo of a <new1> star\nNegative prompt: blurry\nSteps: 30, Sampler: ddim, CFG scale: 6.0, Seed: 42, "
                        + "Size: 4x3, Model: motif-tiny");
        // the keyword is literally in the file, where other tools look for it
        assertThat(new String(png, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("tEXtparameters\0photo of a");
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(back.getRGB(1, 2) & 0xFFFFFF).isEqualTo(0x123456);
    }

    @Test
    void theGridHasOneRowPerPromptAndOneColumnPerImage() {
        BufferedImage red = filled(Color.RED);
        BufferedImage blue = filled(Color.BLUE);
        BufferedImage grid = PngWithParameters.grid(List.of(List.of(red, blue), List.of(blue)));
        assertThat(grid.getWidth()).isEqualTo(16);
        assertThat(grid.getHeight()).isEqualTo(16);
        assertThat(grid.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFF0000);
        assertThat(grid.getRGB(8, 0) & 0xFFFFFF).isEqualTo(0x0000FF);
        assertThat(grid.getRGB(0, 8) & 0xFFFFFF).isEqualTo(0x0000FF);
        assertThat(grid.getRGB(8, 8) & 0xFFFFFF).as("an empty cell stays black").isEqualTo(0);
    }

    private static BufferedImage filled(Color c) {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, 8, 8);
        g.dispose();
        return image;
    }
}
