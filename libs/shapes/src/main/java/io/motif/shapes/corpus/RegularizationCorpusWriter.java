package io.motif.shapes.corpus;

import io.motif.shapes.world.Scene;
import io.motif.shapes.world.SceneRenderer;
import io.motif.shapes.world.ShapesWorld;

import javax.imageio.ImageIO;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a regularization corpus in the reference layout: {@code images/000000.png …} and {@code caption.txt} with
 * one caption per line in image order. It is generated on demand (tens of thousands of images take a minute or two)
 * and never committed. The corpus uses its own world seed, so it does not repeat motif-tiny's training data.
 */
public final class RegularizationCorpusWriter {

    public static final long DEFAULT_SEED = 77L;

    private final ShapesWorld world;
    private final SceneRenderer renderer;

    public RegularizationCorpusWriter(long seed, int resolution) {
        this.world = new ShapesWorld(seed);
        this.renderer = new SceneRenderer(resolution);
    }

    /** Writes images 0 … count−1 into {@code dir} (created if needed) and returns the caption file. */
    public Path write(Path dir, int count) throws IOException {
        Path images = dir.resolve("images");
        Files.createDirectories(images);
        Path captions = dir.resolve("caption.txt");
        try (BufferedWriter w = Files.newBufferedWriter(captions, StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                Scene s = world.scene(i);
                ImageIO.write(renderer.render(s), "png", images.resolve(fileName(i)).toFile());
                w.write(s.caption());
                w.write('\n');
            }
        }
        return captions;
    }

    public static String fileName(int index) {
        return String.format("%06d.png", index);
    }

    /** {@code RegularizationCorpusWriter DIR [COUNT [SEED [RESOLUTION]]]}. */
    public static void main(String[] args) throws IOException {
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 20000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : DEFAULT_SEED;
        int res = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        new RegularizationCorpusWriter(seed, res).write(Path.of(args[0]), count);
    }
}
