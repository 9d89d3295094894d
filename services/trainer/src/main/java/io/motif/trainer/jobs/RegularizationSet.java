package io.motif.trainer.jobs;

import io.motif.jobs.storage.ContentCache;
import io.motif.retrieval.Selection;
import io.motif.retrieval.SelectionManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A concept's regularization images on local disk: reads the selection manifest (the one format written by the
 * retrieval service and by the sampler's generated class images), fetches every listed image through the worker's
 * content-hash cache, and lays them out as a folder the training engine reads: {@code NNNNN.png} in manifest order
 * with a {@code caption.txt} holding one caption per image, same order.
 */
final class RegularizationSet {

    private RegularizationSet() {
    }

    /** @return the folder, or throws when the manifest cannot be used */
    static Path materialize(ContentCache cache, String manifestKey, Path dir) throws IOException {
        Selection selection = SelectionManifest.fromJson(Files.readAllBytes(cache.fetch(manifestKey)));
        if (selection.images() == null || selection.images().isEmpty()) {
            throw new IOException("regularization manifest " + manifestKey + " lists no images");
        }
        Files.createDirectories(dir);
        List<String> captions = new ArrayList<>();
        int i = 0;
        for (Selection.SelectedImage image : selection.images()) {
            Files.copy(cache.fetch(image.imageKey()), dir.resolve(String.format("%05d.png", i++)));
            captions.add(oneLine(image.caption(), selection.queryCaption()));
        }
        Files.write(dir.resolve("caption.txt"), captions, StandardCharsets.UTF_8);
        return dir;
    }

    /** How many images a materialized folder holds (one caption line each). */
    static int size(Path dir) throws IOException {
        return Files.readAllLines(dir.resolve("caption.txt"), StandardCharsets.UTF_8).size();
    }

    /** caption.txt has one caption per line: a caption with line breaks would shift every later one. */
    private static String oneLine(String caption, String fallback) {
        String c = caption == null ? "" : caption.replaceAll("\\s+", " ").strip();
        return c.isEmpty() ? fallback : c;
    }
}
