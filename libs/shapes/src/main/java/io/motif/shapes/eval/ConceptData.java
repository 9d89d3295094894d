package io.motif.shapes.eval;

import io.motif.shapes.oracle.ConceptFeatures;
import io.motif.shapes.oracle.Oracle;
import io.motif.shapes.world.ConceptInstances;
import io.motif.shapes.world.PersonalConcept;
import io.motif.shapes.world.Scene;
import io.motif.shapes.world.SceneRenderer;
import io.motif.shapes.world.ShapesWorld;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A personal concept's training material on disk: its instance images, and a regularization set "retrieved" from
 * a shapes-world corpus by caption (scenes whose caption names the concept's category, the role LAION retrieval
 * plays in the paper).
 */
final class ConceptData {

    static final long INSTANCE_SEED = 31L;
    static final long CORPUS_SEED = 77L;

    private ConceptData() {
    }

    static Path writeInstances(PersonalConcept c, int count, Path dir, int resolution) throws IOException {
        Files.createDirectories(dir);
        SceneRenderer r = new SceneRenderer(resolution);
        List<Scene> scenes = ConceptInstances.of(c, count, "<new1>", INSTANCE_SEED);
        for (int i = 0; i < scenes.size(); i++) {
            ImageIO.write(r.render(scenes.get(i)), "png", dir.resolve(String.format("%02d.png", i)).toFile());
        }
        return dir;
    }

    static ConceptFeatures reference(PersonalConcept c, int count, int resolution) {
        SceneRenderer r = new SceneRenderer(resolution);
        List<BufferedImage> imgs = new ArrayList<>();
        for (Scene s : ConceptInstances.of(c, count, "<new1>", INSTANCE_SEED)) {
            imgs.add(r.render(s));
        }
        return Oracle.reference(imgs);
    }

    /** The first {@code count} corpus scenes whose caption contains the category word, in the reference layout. */
    static Path writeRetrievedRegularization(PersonalConcept c, int count, Path dir, int resolution) throws IOException {
        Files.createDirectories(dir.resolve("images"));
        ShapesWorld corpus = new ShapesWorld(CORPUS_SEED);
        SceneRenderer r = new SceneRenderer(resolution);
        String word = c.category().word();
        StringBuilder captions = new StringBuilder();
        int found = 0;
        for (long i = 0; found < count; i++) {
            Scene s = corpus.scene(i);
            if (!s.caption().contains(word)) {
                continue;
            }
            ImageIO.write(r.render(s), "png", dir.resolve("images").resolve(String.format("%05d.png", found)).toFile());
            captions.append(s.caption()).append('\n');
            found++;
        }
        Files.writeString(dir.resolve("caption.txt"), captions.toString(), StandardCharsets.UTF_8);
        return dir;
    }

    /**
     * The first {@code count} corpus captions: what the closed-form merge keeps unchanged (the reference's list of
     * ordinary captions, here drawn from the same corpus as the retrieved regularization).
     */
    static List<String> corpusCaptions(int count) {
        ShapesWorld corpus = new ShapesWorld(CORPUS_SEED);
        List<String> out = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            out.add(corpus.scene(i).caption());
        }
        return out;
    }
}
