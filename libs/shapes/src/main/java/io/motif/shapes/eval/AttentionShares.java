package io.motif.shapes.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.motif.diffusion.pipeline.StableDiffusionModel;
import io.motif.diffusion.pipeline.StableDiffusionPipeline;
import io.motif.diffusion.tokenizer.Tokenizer;
import io.motif.diffusion.unet.ForwardOptions;
import io.motif.shapes.tiny.GaussianNoise;
import io.motif.shapes.tiny.ImageTensors;
import io.motif.shapes.world.CaptionWriter;
import io.motif.shapes.world.PlacedObject;
import io.motif.shapes.world.Scene;
import io.motif.shapes.world.SceneRenderer;
import io.motif.shapes.world.ShapeColour;
import io.motif.shapes.world.ShapeKind;
import io.motif.shapes.world.ShapesWorld;
import io.motif.shapes.world.SizeClass;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Where a model's cross-attention goes: on held-out scenes noised to one timestep, the mean attention a pixel gives
 * to each kind of caption token, separately for pixels inside the scene's objects and outside them, per
 * cross-attention layer. It shows whether the model reads words at all and where: attention spread evenly over the
 * caption (every token ≈ 1/length) reads nothing in particular; attention that piles onto the padding reads only
 * what the padding's states carry.
 */
public final class AttentionShares {

    /** The kinds of caption token. */
    public enum TokenKind { SIZE, COLOUR, SHAPE, POSITION, OTHER_WORDS, START, END_AND_PADDING }

    /**
     * One cross-attention layer's shares.
     *
     * @param grid    the side of the grid the layer attends from
     * @param inside  per token kind, the mean attention of a pixel inside an object (over pixels, heads, scenes)
     * @param outside the same for the other pixels
     * @param peak    the mean over object pixels and heads of the largest attention any one token gets
     */
    public record Layer(int grid, Map<TokenKind, Double> inside, Map<TokenKind, Double> outside, double peak) {
    }

    /** Far beyond any pretraining run's scenes, and apart from {@link CaptionSensitivity}'s. */
    static final long FIRST_SCENE = 2_000_000_000L;

    private final StableDiffusionModel model;
    private final StableDiffusionPipeline pipeline;
    private final ShapesWorld world;
    private final Map<Long, TokenKind> kinds = new HashMap<>();

    public AttentionShares(StableDiffusionModel model, ShapesWorld world) {
        this.model = model;
        this.pipeline = new StableDiffusionPipeline(model);
        this.world = world;
        Tokenizer tok = model.tokenizer();
        for (String w : CaptionWriter.positionWords()) {
            kinds.put(idOf(tok, w), TokenKind.POSITION);
        }
        for (ShapeColour c : ShapeColour.values()) {
            kinds.put(idOf(tok, c.word()), TokenKind.COLOUR);
        }
        for (ShapeKind k : ShapeKind.values()) {
            kinds.put(idOf(tok, k.word()), TokenKind.SHAPE);
            kinds.put(idOf(tok, CaptionWriter.plural(k)), TokenKind.SHAPE);
        }
        for (SizeClass z : SizeClass.values()) {
            kinds.put(idOf(tok, z.word()), TokenKind.SIZE);
        }
    }

    private static long idOf(Tokenizer tok, String word) {
        List<Integer> ids = tok.tokenIds(word);
        if (ids.size() != 1) {
            throw new IllegalStateException("'" + word + "' is not one token of this model's tokenizer");
        }
        return ids.get(0);
    }

    /** Measures the first {@code sceneCount} held-out scenes at {@code timestep}. */
    public List<Layer> measure(int sceneCount, int timestep, long seed) {
        int size = model.unet().config().sampleSize();
        SceneRenderer renderer = new SceneRenderer(size);
        List<Scene> scenes = new ArrayList<>();
        List<BufferedImage> images = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (long i = 0; i < sceneCount; i++) {
            Scene s = world.scene(FIRST_SCENE + i);
            scenes.add(s);
            images.add(renderer.render(s));
            captions.add(s.caption());
        }
        NDManager manager = model.manager();
        try (NDScope ignored = new NDScope()) {
            NDArray ids = pipeline.tokenize(manager, captions.toArray(String[]::new));
            NDArray context = pipeline.encode(ids);
            NDArray x0 = ImageTensors.toTensor(images, manager);
            NDArray noise = manager.create(GaussianNoise.samples(new SplittableRandom(seed), (int) x0.size()),
                    x0.getShape());
            int[] ts = new int[sceneCount];
            Arrays.fill(ts, timestep);
            float[] tf = new float[sceneCount];
            Arrays.fill(tf, timestep);
            List<NDArray> maps = new ArrayList<>();
            model.unet().forward(model.schedule().addNoise(x0, noise, ts), manager.create(tf), context,
                    new ForwardOptions(false, null, maps));
            TokenKind[][] tokenKinds = tokenKinds(ids.toLongArray(), sceneCount);
            List<Layer> layers = new ArrayList<>();
            for (NDArray map : maps) {
                layers.add(layer(map, scenes, tokenKinds, size));
            }
            return layers;
        }
    }

    private TokenKind[][] tokenKinds(long[] ids, int scenes) {
        int length = ids.length / scenes;
        long end = model.tokenizer().eosId();
        TokenKind[][] out = new TokenKind[scenes][length];
        for (int b = 0; b < scenes; b++) {
            boolean ended = false;
            for (int j = 0; j < length; j++) {
                long id = ids[b * length + j];
                ended |= id == end;
                out[b][j] = j == 0 ? TokenKind.START
                        : ended ? TokenKind.END_AND_PADDING
                        : kinds.getOrDefault(id, TokenKind.OTHER_WORDS);
            }
        }
        return out;
    }

    private static Layer layer(NDArray map, List<Scene> scenes, TokenKind[][] tokenKinds, int imageSize) {
        int heads = (int) map.getShape().get(1);
        int pixels = (int) map.getShape().get(2);
        int length = (int) map.getShape().get(3);
        int side = (int) Math.round(Math.sqrt(pixels));
        float[] p = map.toFloatArray();
        Map<TokenKind, Double> inside = zeros();
        Map<TokenKind, Double> outside = zeros();
        long insideCount = 0;
        long outsideCount = 0;
        double peak = 0;
        for (int b = 0; b < scenes.size(); b++) {
            boolean[] inObject = objectPixels(scenes.get(b), side, imageSize);
            for (int h = 0; h < heads; h++) {
                for (int px = 0; px < pixels; px++) {
                    Map<TokenKind, Double> acc = inObject[px] ? inside : outside;
                    int base = ((b * heads + h) * pixels + px) * length;
                    float max = 0;
                    for (int j = 0; j < length; j++) {
                        acc.merge(tokenKinds[b][j], (double) p[base + j], Double::sum);
                        max = Math.max(max, p[base + j]);
                    }
                    if (inObject[px]) {
                        insideCount++;
                        peak += max;
                    } else {
                        outsideCount++;
                    }
                }
            }
        }
        divide(inside, insideCount);
        divide(outside, outsideCount);
        return new Layer(side, inside, outside, peak / Math.max(1, insideCount));
    }

    /** Which cells of a side × side grid have their centre inside one of the scene's objects. */
    static boolean[] objectPixels(Scene scene, int side, int imageSize) {
        boolean[] in = new boolean[side * side];
        for (PlacedObject o : scene.objects()) {
            boolean[] covered = o.coveredCells(imageSize, side, 1);
            for (int p = 0; p < in.length; p++) {
                in[p] |= covered[p];
            }
        }
        return in;
    }

    private static Map<TokenKind, Double> zeros() {
        Map<TokenKind, Double> m = new EnumMap<>(TokenKind.class);
        for (TokenKind k : TokenKind.values()) {
            m.put(k, 0.0);
        }
        return m;
    }

    private static void divide(Map<TokenKind, Double> m, long n) {
        m.replaceAll((k, v) -> v / Math.max(1, n));
    }

    /** A Markdown table: one row per layer, each token kind's share inside / outside the objects. */
    public static String markdown(List<Layer> layers) {
        StringBuilder s = new StringBuilder("| layer | grid | peak (objects) |");
        StringBuilder rule = new StringBuilder("|---|---|---|");
        for (TokenKind k : TokenKind.values()) {
            s.append(' ').append(k.name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(" |");
            rule.append("---|");
        }
        s.append('\n').append(rule).append('\n');
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            s.append(String.format(Locale.ROOT, "| %d | %d×%d | %.2f |", i + 1, l.grid(), l.grid(), l.peak()));
            for (TokenKind k : TokenKind.values()) {
                s.append(String.format(Locale.ROOT, " %.2f / %.2f |", l.inside().get(k), l.outside().get(k)));
            }
            s.append('\n');
        }
        return s.toString();
    }
}
