package io.motif.cli.demo;

import io.motif.stack.StackEndpoints;
import io.motif.storage.ObjectKey;
import io.motif.storage.ObjectStore;
import io.motif.storage.StorageSettings;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Copies a sampling job's images from object storage into a local folder, as stored (so each PNG keeps its
 * {@code parameters} text chunk), and writes one grid of them: a row per prompt.
 */
public final class SampleDownloads {

    /** Grid cells are enlarged (without smoothing) to at least this size: motif-tiny draws 32 px images. */
    static final int GRID_CELL = 128;

    private final ObjectStore store;

    public SampleDownloads(StackEndpoints endpoints) {
        this.store = new ObjectStore(new StorageSettings(endpoints.s3Endpoint(), endpoints.accessKey(),
                endpoints.secretKey(), endpoints.region(), endpoints.bucket()));
    }

    /** The files of one request: its images in key order and the grid. */
    public record Downloaded(List<Path> images, Path grid) {
    }

    /**
     * @param keys            the job's image keys, prompt by prompt ({@code imagesPerPrompt} each)
     * @param name            file name stem, e.g. {@code star}: files {@code star-00.png …} and {@code star-grid.png}
     */
    public Downloaded download(List<String> keys, int imagesPerPrompt, Path dir, String name) {
        try {
            Files.createDirectories(dir);
            List<Path> files = new ArrayList<>();
            List<List<BufferedImage>> rows = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i);
                byte[] png = store.get(ObjectKey.parse(key))
                        .orElseThrow(() -> new DemoFailure("object storage has no " + key));
                Path file = dir.resolve(String.format("%s-%02d.png", name, i));
                Files.write(file, png);
                files.add(file);
                if (i % imagesPerPrompt == 0) {
                    rows.add(new ArrayList<>());
                }
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
                if (image == null) {
                    throw new DemoFailure(key + " is not an image");
                }
                rows.get(rows.size() - 1).add(image);
            }
            Path grid = dir.resolve(name + "-grid.png");
            ImageIO.write(ImageGrid.of(rows, GRID_CELL), "png", grid.toFile());
            return new Downloaded(files, grid);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the images into " + dir, e);
        }
    }

    /** Whether an object exists (for deltas and other non-image results). */
    public boolean exists(String key) {
        return store.exists(ObjectKey.parse(key));
    }
}
