package io.motif.shapes.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.motif.shapes.world.Background;
import io.motif.shapes.world.ObjectSpec;
import io.motif.shapes.world.Position;
import io.motif.shapes.world.Prompt;
import io.motif.shapes.world.ShapeColour;
import io.motif.shapes.world.ShapeKind;
import io.motif.shapes.world.SizeClass;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A small head that reads a caption's layout back out of the text encoder's final states, the way the UNet's
 * cross-attention reads them: one learned query per grid cell (and one for the background) attends over the
 * tokens, and linear heads name the colour, shape and size stated for that cell ("none" where the caption puts
 * nothing). It exists only to give the text encoder a head start (see {@link TextEncoderWarmup}) and is never saved.
 */
final class CaptionReadout {

    static final int CELLS = Position.values().length;
    static final int COLOURS = ShapeColour.values().length + 1;
    static final int SHAPES = ShapeKind.values().length + 1;
    static final int SIZES = SizeClass.values().length + 1;
    static final int BACKGROUNDS = Background.values().length + 1;

    private final Map<String, NDArray> params = new LinkedHashMap<>();
    private final int width;

    CaptionReadout(int width, long seed, NDManager manager) {
        this.width = width;
        SplittableRandom rnd = new SplittableRandom(seed);
        double linear = 1 / Math.sqrt(width);
        add("queries", new Shape(CELLS + 1, width), 1.0, rnd, manager);
        add("key", new Shape(width, width), linear, rnd, manager);
        add("value", new Shape(width, width), linear, rnd, manager);
        add("colour", new Shape(width, COLOURS), linear, rnd, manager);
        add("shape", new Shape(width, SHAPES), linear, rnd, manager);
        add("size", new Shape(width, SIZES), linear, rnd, manager);
        add("background", new Shape(width, BACKGROUNDS), linear, rnd, manager);
    }

    private void add(String name, Shape shape, double std, SplittableRandom rnd, NDManager manager) {
        float[] values = GaussianNoise.samples(rnd, (int) shape.size());
        NDArray p = manager.create(values, shape).mul((float) std);
        p.setRequiresGradient(true);
        params.put("readout." + name, p);
    }

    Map<String, NDArray> parameters() {
        return params;
    }

    /**
     * The class each head should name for a prompt, as {colour per cell, shape per cell, size per cell,
     * {background}} (0 = not stated), or null for a prompt with an object that has no stated position (it cannot be
     * put in a cell).
     */
    static int[][] targetsOf(Prompt p) {
        int[] colour = new int[CELLS];
        int[] shape = new int[CELLS];
        int[] size = new int[CELLS];
        for (ObjectSpec o : p.objects()) {
            if (o.position() == null || o.isConcept()) {
                return null;
            }
            int cell = o.position().ordinal();
            colour[cell] = o.colour() == null ? 0 : o.colour().ordinal() + 1;
            shape[cell] = o.shape().ordinal() + 1;
            size[cell] = o.size() == null ? 0 : o.size().ordinal() + 1;
        }
        int background = p.background() == null ? 0 : p.background().ordinal() + 1;
        return new int[][]{colour, shape, size, {background}};
    }

    /** Logits of every head: colour, shape, size [B, cells, classes] and background [B, classes]. */
    List<NDArray> logits(NDArray states) {
        NDArray keys = states.matMul(params.get("readout.key"));
        NDArray values = states.matMul(params.get("readout.value"));
        NDArray scores = keys.matMul(params.get("readout.queries").transpose()).transpose(0, 2, 1)
                .div((float) Math.sqrt(width));
        NDArray read = scores.softmax(2).matMul(values);
        NDArray cells = read.get(":, 0:{}, :", CELLS);
        NDArray background = read.get(":, {}, :", CELLS);
        return List.of(cells.matMul(params.get("readout.colour")), cells.matMul(params.get("readout.shape")),
                cells.matMul(params.get("readout.size")), background.matMul(params.get("readout.background")));
    }

    /** Mean cross-entropy of each head against one-hot targets (same order as {@link #logits}), summed. */
    static NDArray loss(List<NDArray> logits, List<NDArray> oneHot) {
        NDArray total = null;
        for (int h = 0; h < logits.size(); h++) {
            NDArray logp = logits.get(h).logSoftmax(-1);
            long rows = logp.getShape().size() / logp.getShape().getLastDimension();
            NDArray ce = logp.mul(oneHot.get(h)).sum().neg().div((float) rows);
            total = total == null ? ce : total.add(ce);
        }
        return total;
    }

    /**
     * Fraction of the stated attributes (colour, shape and size of each object in its cell, and the background)
     * that the heads name right. Cells the caption leaves empty are not counted: most cells are empty, and a
     * read-out that always said "none" would otherwise look good.
     */
    static double accuracy(List<NDArray> logits, List<NDArray> oneHot) {
        double right = 0;
        double stated = 0;
        for (int h = 0; h < logits.size(); h++) {
            NDArray predicted = logits.get(h).argMax(-1);
            NDArray truth = oneHot.get(h).argMax(-1);
            NDArray counted = truth.gt(0);
            right += predicted.eq(truth).logicalAnd(counted).sum().getLong();
            stated += counted.sum().getLong();
        }
        return right / stated;
    }

    /** One-hot [B, (cells,) classes] arrays of a batch of targets, in the order of {@link #logits}. */
    static List<NDArray> oneHot(List<int[][]> targets, NDManager manager) {
        int b = targets.size();
        int[] classes = {COLOURS, SHAPES, SIZES, BACKGROUNDS};
        NDArray[] out = new NDArray[4];
        for (int h = 0; h < 4; h++) {
            int per = targets.get(0)[h].length;
            float[] v = new float[b * per * classes[h]];
            for (int i = 0; i < b; i++) {
                int[] t = targets.get(i)[h];
                for (int c = 0; c < per; c++) {
                    v[(i * per + c) * classes[h] + t[c]] = 1f;
                }
            }
            out[h] = manager.create(v, h == 3 ? new Shape(b, classes[h]) : new Shape(b, per, classes[h]));
        }
        return List.of(out);
    }
}
