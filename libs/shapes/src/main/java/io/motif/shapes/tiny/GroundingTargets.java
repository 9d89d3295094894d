package io.motif.shapes.tiny;

import io.motif.diffusion.tokenizer.Tokenizer;
import io.motif.shapes.world.CaptionWriter;
import io.motif.shapes.world.PlacedObject;
import io.motif.shapes.world.Scene;
import io.motif.shapes.world.ShapeColour;
import io.motif.shapes.world.ShapeKind;
import io.motif.shapes.world.SizeClass;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each caption token's object is, as a mask over a coarse grid of the image: the targets of the grounding
 * loss ({@link GroundingLoss}). A caption's object phrases are found by their words: a phrase starts with a
 * size, colour or shape word once the previous phrase has had its shape word, and position words ("top", "left",
 * "corner" …) belong to the phrase before them. The phrases' content and position words map to their object's
 * cells; every other token (articles, prepositions, the background phrase, padding) gets no target. The share loss
 * grounds all of those words or only the position words ({@link GroundedWords}); the mass loss uses them all.
 *
 * <p>Phrases and drawn objects pair up in order. A group caption ("two small red circles") has one phrase for
 * several objects: its words map to all of them. A caption whose phrases cannot be paired with the scene's objects
 * (the empty, dropped caption among them) gets no targets at all.
 */
final class GroundingTargets {

    /** What a token says about its object. */
    private enum Role { DESCRIBES, NAMES_SHAPE, PLACES }

    /** Sample points per grid cell side: a cell belongs to an object if any of its samples is inside the outline. */
    private static final int SAMPLES = 4;

    private final Tokenizer tokenizer;
    private final GroundedWords grounded;
    private final Map<Long, Role> roles = new HashMap<>();

    GroundingTargets(Tokenizer tokenizer, GroundedWords grounded) {
        this.tokenizer = tokenizer;
        this.grounded = grounded;
        for (SizeClass z : SizeClass.values()) {
            put(z.word(), Role.DESCRIBES);
        }
        for (ShapeColour c : ShapeColour.values()) {
            put(c.word(), Role.DESCRIBES);
        }
        for (ShapeKind k : ShapeKind.values()) {
            put(k.word(), Role.NAMES_SHAPE);
            put(CaptionWriter.plural(k), Role.NAMES_SHAPE);
        }
        for (String w : CaptionWriter.positionWords()) {
            put(w, Role.PLACES);
        }
    }

    private void put(String word, Role role) {
        List<Integer> ids = tokenizer.tokenIds(word);
        if (ids.size() != 1) {
            throw new IllegalStateException("the grounding loss needs '" + word + "' to be one token, the tokenizer "
                    + "makes " + ids.size());
        }
        roles.put((long) ids.get(0), role);
    }

    /**
     * Writes the targets of one sample into {@code out} at {@code offset}: a (cells², tokens) block, pixel-major,
     * 1 where token j's object covers grid cell p, else 0, for every word of every object phrase; and into
     * {@code shareTokens} at {@code tokenOffset}, 1 for the tokens the share loss grounds ({@link GroundedWords}).
     *
     * @param ids   the sample's token ids as the text encoder sees them (framed and padded)
     * @param image the image side in pixels, which the scene's coordinates are scaled to
     * @return how many of the sample's tokens the share loss grounds (0: nothing was written)
     */
    int write(Scene scene, long[] ids, int image, int cells, float[] out, int offset, float[] shareTokens,
              int tokenOffset) {
        int tokens = ids.length;
        int[] objectOf = phraseOfEachToken(ids);
        int phrases = phraseCount(objectOf);
        List<PlacedObject> objects = scene.objects();
        if (!pairable(phrases, objects.size())) {
            return 0;
        }
        boolean[][] covered = new boolean[objects.size()][];
        for (int i = 0; i < objects.size(); i++) {
            covered[i] = objects.get(i).coveredCells(image, cells, SAMPLES);
        }
        int shared = 0;
        for (int j = 0; j < tokens; j++) {
            if (objectOf[j] < 0) {
                continue;
            }
            if (isGrounded(roles.get(ids[j]))) {
                shareTokens[tokenOffset + j] = 1f;
                shared++;
            }
            for (int i = 0; i < objects.size(); i++) {
                // one phrase for several objects is a group caption: its words name every member
                if (phrases == objects.size() && i != objectOf[j]) {
                    continue;
                }
                for (int p = 0; p < cells * cells; p++) {
                    if (covered[i][p]) {
                        out[offset + p * tokens + j] = 1f;
                    }
                }
            }
        }
        return shared;
    }

    private boolean isGrounded(Role role) {
        return grounded == GroundedWords.ALL || role == Role.PLACES;
    }

    private static int phraseCount(int[] objectOf) {
        int phrases = 0;
        for (int o : objectOf) {
            phrases = Math.max(phrases, o + 1);
        }
        return phrases;
    }

    /** One phrase per object, or one phrase for a group of objects. */
    private static boolean pairable(int phrases, int objects) {
        return phrases > 0 && (phrases == objects || phrases == 1);
    }

    /** For each token, the index of the object phrase it belongs to, or −1. */
    int[] phraseOfEachToken(long[] ids) {
        int[] objectOf = new int[ids.length];
        Arrays.fill(objectOf, -1);
        int current = -1;
        boolean named = true; // whether the current phrase already has its shape word
        for (int j = 0; j < ids.length; j++) {
            if (ids[j] == tokenizer.eosId()) {
                break;
            }
            Role r = roles.get(ids[j]);
            if (r == null) {
                continue;
            }
            if (r != Role.PLACES && named) {
                current++;
                named = false;
            }
            if (r == Role.NAMES_SHAPE) {
                named = true;
            }
            if (current >= 0) {
                objectOf[j] = current;
            }
        }
        return objectOf;
    }
}
