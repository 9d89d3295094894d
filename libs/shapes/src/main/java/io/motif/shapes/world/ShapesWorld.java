package io.motif.shapes.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The base shapes world: a seeded, random-access generator of captioned scenes. Scene {@code i} depends only on
 * (seed, i), so any worker can produce any slice of the data set without generating what comes before it.
 */
public final class ShapesWorld {

    public static final long DEFAULT_SEED = 20230607L;

    private static final double GROUP_PROBABILITY = 0.15;
    private static final double SIZE_STATED = 0.6;
    private static final double POSITION_STATED = 0.85;
    private static final double BACKGROUND_STATED = 0.4;

    private final long seed;
    private final CaptionWriter captions = new CaptionWriter(Map.of());

    public ShapesWorld(long seed) {
        this.seed = seed;
    }

    public ShapesWorld() {
        this(DEFAULT_SEED);
    }

    /** Scene number {@code index} of this world. */
    public Scene scene(long index) {
        SplittableRandom rnd = new SplittableRandom(mix(seed, index));
        Background bg = pick(Background.values(), rnd);
        Background statedBg = rnd.nextDouble() < BACKGROUND_STATED ? bg : null;
        if (rnd.nextDouble() < GROUP_PROBABILITY) {
            return group(bg, statedBg, rnd);
        }
        double u = rnd.nextDouble();
        int n = u < 0.45 ? 1 : u < 0.8 ? 2 : 3;
        List<Position> cells = distinctPositions(n, rnd);
        List<PlacedObject> placed = new ArrayList<>();
        List<ObjectSpec> stated = new ArrayList<>();
        for (Position p : cells) {
            ObjectSpec truth = ObjectSpec.plain(pick(ShapeKind.values(), rnd), pick(ShapeColour.values(), rnd),
                    pick(SizeClass.values(), rnd), p);
            placed.add(place(truth, rnd));
            stated.add(new ObjectSpec(truth.shape(), truth.colour(),
                    rnd.nextDouble() < SIZE_STATED ? truth.size() : null,
                    rnd.nextDouble() < POSITION_STATED ? truth.position() : null, null));
        }
        String text = captions.caption(stated, statedBg, rnd);
        return new Scene(bg, placed, new Prompt(text, stated, statedBg));
    }

    private Scene group(Background bg, Background statedBg, SplittableRandom rnd) {
        int n = 2 + rnd.nextInt(2);
        ShapeKind shape = pick(ShapeKind.values(), rnd);
        ShapeColour colour = pick(ShapeColour.values(), rnd);
        SizeClass size = pick(SizeClass.values(), rnd);
        SizeClass statedSize = rnd.nextDouble() < SIZE_STATED ? size : null;
        List<PlacedObject> placed = new ArrayList<>();
        List<ObjectSpec> stated = new ArrayList<>();
        for (Position p : distinctPositions(n, rnd)) {
            placed.add(place(ObjectSpec.plain(shape, colour, size, p), rnd));
            stated.add(ObjectSpec.plain(shape, colour, statedSize, null));
        }
        String text = captions.groupCaption(stated.get(0), n, statedBg, rnd);
        return new Scene(bg, placed, new Prompt(text, stated, statedBg));
    }

    /**
     * Draws the object inside its grid cell: centred on the cell with a random offset that keeps the whole
     * outline inside the cell, so objects never overlap and the oracle can separate them.
     */
    public static PlacedObject place(ObjectSpec truth, SplittableRandom rnd) {
        double extent = truth.size().fraction();
        double slack = Math.max(0, (1.0 / 3 - extent) / 2 - 0.01);
        double cx = (truth.position().column() + 0.5) / 3 + (rnd.nextDouble() * 2 - 1) * slack;
        double cy = (truth.position().row() + 0.5) / 3 + (rnd.nextDouble() * 2 - 1) * slack;
        return new PlacedObject(truth, cx, cy, extent);
    }

    static List<Position> distinctPositions(int n, SplittableRandom rnd) {
        List<Position> all = new ArrayList<>(List.of(Position.values()));
        List<Position> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(all.remove(rnd.nextInt(all.size())));
        }
        return out;
    }

    static <T> T pick(T[] values, SplittableRandom rnd) {
        return values[rnd.nextInt(values.length)];
    }

    /** A well-mixed 64-bit seed for (world seed, index) (the SplitMix64 finaliser). */
    static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
