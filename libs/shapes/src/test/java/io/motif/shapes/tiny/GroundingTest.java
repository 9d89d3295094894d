package io.motif.shapes.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.motif.diffusion.tokenizer.ClipBpeTokenizer;
import io.motif.shapes.world.Background;
import io.motif.shapes.world.CaptionWriter;
import io.motif.shapes.world.ObjectSpec;
import io.motif.shapes.world.PlacedObject;
import io.motif.shapes.world.Position;
import io.motif.shapes.world.Prompt;
import io.motif.shapes.world.Scene;
import io.motif.shapes.world.ShapeColour;
import io.motif.shapes.world.ShapeKind;
import io.motif.shapes.world.ShapesWorld;
import io.motif.shapes.world.SizeClass;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GroundingTest {

    private static ClipBpeTokenizer tokenizer;
    private static GroundingTargets targets;

    @BeforeAll
    static void load() throws Exception {
        tokenizer = ClipBpeTokenizer.load(TinyTokenizerTest.COMMITTED);
        targets = new GroundingTargets(tokenizer, GroundedWords.ALL);
    }

    /** The world word of each token (every world word is one token), or "" for the others. */
    private static String[] words(long[] ids) {
        Map<Long, String> byId = new HashMap<>();
        for (String word : CaptionWriter.allWords()) {
            byId.put((long) tokenizer.tokenIds(word).get(0), word);
        }
        String[] w = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            w[i] = byId.getOrDefault(ids[i], "");
        }
        return w;
    }

    @Test
    void phrasesTakeTheirContentAndPositionWords() {
        long[] ids = tokenizer.encode("a picture of a small red circle at the top left and a blue square in the "
                + "middle on a white background");
        int[] objectOf = targets.phraseOfEachToken(ids);
        String[] w = words(ids);
        StringBuilder first = new StringBuilder();
        StringBuilder second = new StringBuilder();
        for (int j = 0; j < ids.length; j++) {
            if (objectOf[j] == 0) {
                first.append(w[j]).append(' ');
            } else if (objectOf[j] == 1) {
                second.append(w[j]).append(' ');
            }
            assertThat(objectOf[j]).isLessThan(2);
        }
        assertThat(first.toString().trim()).isEqualTo("small red circle top left");
        assertThat(second.toString().trim()).isEqualTo("blue square middle");
    }

    @Test
    void targetsCoverTheObjectsCellsOnly() {
        PlacedObject topLeft = largeRedSquareTopLeft();
        PlacedObject bottomRight = new PlacedObject(ObjectSpec.plain(ShapeKind.CIRCLE, ShapeColour.BLUE,
                SizeClass.SMALL, Position.BOTTOM_RIGHT), 5 / 6.0, 5 / 6.0, SizeClass.SMALL.fraction());
        String caption = "a large red square at the top left and a small blue circle at the bottom right";
        Scene scene = new Scene(Background.WHITE, List.of(topLeft, bottomRight),
                new Prompt(caption, List.of(topLeft.truth(), bottomRight.truth()), null));
        long[] ids = tokenizer.encode(caption);
        int cells = 8;
        int m = ids.length;
        float[] out = new float[cells * cells * m];
        // large red square top left, small blue circle bottom right
        float[] shared = new float[m];
        assertThat(targets.write(scene, ids, 32, cells, out, 0, shared, 0)).isEqualTo(10);
        int square = indexOf(ids, "square");
        int circle = indexOf(ids, "circle");
        int and = indexOf(ids, "and");
        // the square spans about 0.2–0.32 of the side around (1/6, 1/6): cells 0–2 of 8 on each axis
        assertThat(out[(1 * cells + 1) * m + square]).isEqualTo(1f);
        assertThat(out[(6 * cells + 6) * m + square]).isEqualTo(0f);
        assertThat(out[(6 * cells + 6) * m + circle]).isEqualTo(1f);
        assertThat(out[(1 * cells + 1) * m + circle]).isEqualTo(0f);
        for (int p = 0; p < cells * cells; p++) {
            assertThat(out[p * m + and]).isEqualTo(0f);
        }
    }

    @Test
    void positionGroundingTargetsOnlyThePositionWords() {
        GroundingTargets positions = new GroundingTargets(tokenizer, GroundedWords.POSITIONS);
        PlacedObject topLeft = largeRedSquareTopLeft();
        String caption = "a large red square in the top left corner on a black background";
        Scene scene = new Scene(Background.BLACK, List.of(topLeft), new Prompt(caption, List.of(topLeft.truth()),
                Background.BLACK));
        long[] ids = tokenizer.encode(caption);
        int cells = 8;
        int m = ids.length;
        float[] out = new float[cells * cells * m];
        float[] shared = new float[m];
        // top, left, corner
        assertThat(positions.write(scene, ids, 32, cells, out, 0, shared, 0)).isEqualTo(3);
        assertThat(shared[indexOf(ids, "left")]).isEqualTo(1f);
        assertThat(shared[indexOf(ids, "corner")]).isEqualTo(1f);
        assertThat(shared[indexOf(ids, "square")]).isEqualTo(0f);
        assertThat(shared[indexOf(ids, "red")]).isEqualTo(0f);
        // the mass loss still knows every word of the phrase
        int cell = 1 * cells + 1;
        assertThat(out[cell * m + indexOf(ids, "red")]).isEqualTo(1f);
        assertThat(out[cell * m + indexOf(ids, "left")]).isEqualTo(1f);
    }

    @Test
    void groupCaptionsNameEveryMemberAndDroppedCaptionsNothing() {
        ShapesWorld world = new ShapesWorld(5);
        Scene group = null;
        for (long i = 0; group == null; i++) {
            Scene s = world.scene(i);
            if (s.caption().startsWith("two ") || s.caption().startsWith("three ")) {
                group = s;
            }
        }
        long[] ids = tokenizer.encode(group.caption());
        int m = ids.length;
        float[] out = new float[16 * 16 * m];
        assertThat(targets.write(group, ids, 32, 16, out, 0, new float[m], 0)).isPositive();
        int[] objectOf = targets.phraseOfEachToken(ids);
        String[] w = words(ids);
        int noun = -1;
        for (int j = 0; j < m; j++) {
            if (objectOf[j] == 0 && w[j].endsWith("s")) {
                noun = j;
            }
        }
        assertThat(noun).isPositive();
        for (PlacedObject o : group.objects()) {
            int cx = (int) (o.centreX() * 16);
            int cy = (int) (o.centreY() * 16);
            assertThat(out[(cy * 16 + cx) * m + noun]).as(group.caption()).isEqualTo(1f);
        }
        long[] empty = tokenizer.encode("");
        assertThat(targets.write(group, empty, 32, 16, new float[16 * 16 * m], 0, new float[m], 0)).isZero();
    }

    @Test
    void lossIsZeroForAttentionInsideTheTargetAndLargeForAttentionOutside() {
        try (NDManager nd = NDManager.newBaseManager()) {
            // one sample, one head, a 2×2 grid, two tokens; token 0's object covers cell 0, token 1 has no target
            NDArray target = nd.create(new float[] {1, 0, 0, 0, 0, 0, 0, 0}, new Shape(1, 4, 2));
            NDArray inside = nd.create(new float[] {0.9f, 0.1f, 0, 1, 0, 1, 0, 1}, new Shape(1, 1, 4, 2));
            NDArray outside = nd.create(new float[] {0, 1, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f}, new Shape(1, 1, 4, 2));
            NDArray uniform = nd.create(new float[] {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f}, new Shape(1, 1, 4, 2));
            Map<Integer, NDArray> t = Map.of(2, target);
            NDArray tokens0 = nd.create(new float[] {1, 0}, new Shape(1, 2));
            assertThat(GroundingLoss.share(List.of(inside), t, tokens0, 1, false).getFloat()).isCloseTo(0f, within(1e-6f));
            assertThat(GroundingLoss.share(List.of(outside), t, tokens0, 1, false).getFloat()).isCloseTo(1f, within(1e-6f));
            // a quarter of the attention inside: (1 − 1/4)²
            assertThat(GroundingLoss.share(List.of(uniform), t, tokens0, 1, false).getFloat()).isCloseTo(0.5625f, within(1e-6f));
            // layers are averaged
            assertThat(GroundingLoss.share(List.of(inside, outside), t, tokens0, 1, false).getFloat()).isCloseTo(0.5f, within(1e-6f));
        }
    }

    @Test
    void pooledHeadsLetOneHeadGroundWhileAnotherLooksElsewhere() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray target = nd.create(new float[] {1, 0, 0, 0, 0, 0, 0, 0}, new Shape(1, 4, 2));
            // head 0 gives token 0 attention only in its cell; head 1 attends only to token 1
            NDArray heads = nd.create(new float[] {0.9f, 0.1f, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1},
                    new Shape(1, 2, 4, 2));
            Map<Integer, NDArray> t = Map.of(2, target);
            NDArray tokens0 = nd.create(new float[] {1, 0}, new Shape(1, 2));
            // each head on its own: head 1 has none of token 0's attention inside, so it misses fully
            assertThat(GroundingLoss.share(List.of(heads), t, tokens0, 1, false).getFloat()).isCloseTo(0.5f, within(1e-5f));
            assertThat(GroundingLoss.share(List.of(heads), t, tokens0, 1, true).getFloat()).isCloseTo(0f, within(1e-5f));
        }
    }

    @Test
    void massLossAsksObjectPixelsToReadTheirObjectsWords() {
        try (NDManager nd = NDManager.newBaseManager()) {
            // a 2×2 grid, two tokens: token 0 is the object's word (its object covers cell 0), token 1 padding
            NDArray target = nd.create(new float[] {1, 0, 0, 0, 0, 0, 0, 0}, new Shape(1, 4, 2));
            Map<Integer, NDArray> t = Map.of(2, target);
            // only cell 0 counts; what the other cells attend to does not matter
            NDArray reads = nd.create(new float[] {1, 0, 0, 1, 0, 1, 0, 1}, new Shape(1, 1, 4, 2));
            NDArray padding = nd.create(new float[] {0, 1, 1, 0, 1, 0, 1, 0}, new Shape(1, 1, 4, 2));
            NDArray half = nd.create(new float[] {0.5f, 0.5f, 1, 0, 1, 0, 1, 0}, new Shape(1, 1, 4, 2));
            assertThat(GroundingLoss.mass(List.of(reads), t, false).getFloat()).isCloseTo(0f, within(1e-6f));
            assertThat(GroundingLoss.mass(List.of(padding), t, false).getFloat()).isCloseTo(1f, within(1e-6f));
            assertThat(GroundingLoss.mass(List.of(half), t, false).getFloat()).isCloseTo(0.25f, within(1e-6f));
        }
    }

    /** A large red square centred in the top-left cell. */
    private static PlacedObject largeRedSquareTopLeft() {
        return new PlacedObject(ObjectSpec.plain(ShapeKind.SQUARE, ShapeColour.RED, SizeClass.LARGE,
                Position.TOP_LEFT), 1 / 6.0, 1 / 6.0, SizeClass.LARGE.fraction());
    }

    private static int indexOf(long[] ids, String word) {
        long id = tokenizer.tokenIds(word).get(0);
        for (int j = 0; j < ids.length; j++) {
            if (ids[j] == id) {
                return j;
            }
        }
        throw new AssertionError(word + " not in the caption");
    }
}
