package io.motif.cli.demo;

import io.motif.shapes.world.ConceptInstances;
import io.motif.shapes.world.PersonalConcept;
import io.motif.shapes.world.Scene;
import io.motif.shapes.world.SceneRenderer;
import io.motif.training.TokenInit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * One shapes-world personal concept as the demo registers it: its own concept id and modifier token, its category
 * word, the word whose embedding starts the token, and the instance photos a user would upload.
 *
 * @param initializer the reference's rare token for this modifier token ("ktn" for the first, "pll" for the
 *                    second): on motif-tiny it started the striped star's token better than its category word
 *                    (image alignment 0.289 against 0.190 in the evaluation, docs/results.md §3)
 */
public record DemoConcept(PersonalConcept concept, String conceptId, String modifierToken, String initializer) {

    /** The two concepts of the demo: a striped star ({@code <new1>}) and a dotted heart ({@code <new2>}). */
    public static List<DemoConcept> pair(String runId) {
        return List.of(of(PersonalConcept.STRIPED_STAR, runId, "<new1>", 0),
                of(PersonalConcept.DOTTED_HEART, runId, "<new2>", 1));
    }

    private static DemoConcept of(PersonalConcept concept, String runId, String token, int index) {
        return new DemoConcept(concept, concept.id() + "-" + runId, token, TokenInit.rareTokens().wordFor(index));
    }

    public String category() {
        return concept.category().word();
    }

    /** A PNG file as uploaded: its name and bytes. */
    public record Png(String name, byte[] bytes) {
    }

    /** {@code count} instance images drawn at {@code size} px, the same for the same seed. */
    public List<Png> instanceImages(int count, int size, long seed) {
        SceneRenderer renderer = new SceneRenderer(size);
        List<Png> pngs = new ArrayList<>();
        List<Scene> scenes = ConceptInstances.of(concept, count, modifierToken, seed);
        for (int i = 0; i < scenes.size(); i++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                ImageIO.write(renderer.render(scenes.get(i)), "png", bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            pngs.add(new Png(String.format("%s-%02d.png", concept.id(), i), bytes.toByteArray()));
        }
        return pngs;
    }
}
