package io.motif.shapes.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.motif.diffusion.pipeline.StableDiffusionModel;
import io.motif.diffusion.pipeline.StableDiffusionPipeline;
import io.motif.shapes.tiny.GaussianNoise;
import io.motif.shapes.tiny.ImageTensors;
import io.motif.shapes.world.CaptionWriter;
import io.motif.shapes.world.Scene;
import io.motif.shapes.world.SceneRenderer;
import io.motif.shapes.world.ShapeColour;
import io.motif.shapes.world.ShapeKind;
import io.motif.shapes.world.ShapesWorld;
import io.motif.shapes.world.SizeClass;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How much a base model's prediction depends on each kind of caption word. On held-out scenes of the shapes world
 * it compares the denoising loss (in the model's own parametrisation, ε or velocity: at one timestep both are the x0
 * error times a constant, so the relative change is the same) with the true caption against the loss with one
 * attribute's words exchanged
 * (positions mirrored, colours, shapes or sizes swapped for others) or with the empty caption, at several noise
 * levels, on the same noisy images. A model that reads an attribute predicts worse with the wrong words; a model
 * that ignores them does not notice. Unlike the oracle, this needs no sampling and says which words are ignored.
 */
public final class CaptionSensitivity {

    /** What is changed in the caption. */
    public enum Swap {
        /** left ↔ right, top ↔ bottom (captions with a stated non-central position). */
        POSITION,
        /** every colour word for the colour three places on in {@link ShapeColour}. */
        COLOUR,
        /** every shape word (and plural) for the next shape in {@link ShapeKind}. */
        SHAPE,
        /** small ↔ large. */
        SIZE,
        /** the empty caption (what classifier-free guidance contrasts with). */
        EMPTY
    }

    /**
     * One measurement: the mean denoising MSE over {@code scenes} scenes whose caption the swap changes, at timestep
     * {@code timestep}, with the true and with the swapped caption.
     */
    public record Result(Swap swap, int timestep, int scenes, double trueLoss, double swappedLoss) {
        /** How much worse the prediction gets with the swapped caption (0.1 = 10 % higher loss). */
        public double relativeIncrease() {
            return swappedLoss / trueLoss - 1;
        }
    }

    /** The first scene measured: far beyond the scenes any pretraining run draws, so none was trained on. */
    static final long FIRST_SCENE = 1_000_000_000L;

    private final StableDiffusionModel model;
    private final StableDiffusionPipeline pipeline;
    private final ShapesWorld world;

    public CaptionSensitivity(StableDiffusionModel model, ShapesWorld world) {
        this.model = model;
        this.pipeline = new StableDiffusionPipeline(model);
        this.world = world;
    }

    /**
     * Measures every {@link Swap} at every timestep, on the first {@code sceneCount} held-out scenes (each swap uses
     * those of them whose caption it changes), averaging {@code draws} noise draws per timestep.
     */
    public List<Result> measure(int sceneCount, int[] timesteps, int draws, long seed) {
        SceneRenderer renderer = new SceneRenderer(model.unet().config().sampleSize());
        List<Scene> scenes = new ArrayList<>();
        for (long i = 0; i < sceneCount; i++) {
            scenes.add(world.scene(FIRST_SCENE + i));
        }
        List<Result> results = new ArrayList<>();
        for (Swap swap : Swap.values()) {
            List<BufferedImage> images = new ArrayList<>();
            List<String> truths = new ArrayList<>();
            List<String> swapped = new ArrayList<>();
            for (Scene s : scenes) {
                String changed = swap(s.caption(), swap);
                if (!changed.equals(s.caption())) {
                    images.add(renderer.render(s));
                    truths.add(s.caption());
                    swapped.add(changed);
                }
            }
            if (!images.isEmpty()) {
                results.addAll(measure(swap, images, truths, swapped, timesteps, draws, seed));
            }
        }
        return results;
    }

    private List<Result> measure(Swap swap, List<BufferedImage> images, List<String> truths, List<String> swapped,
                                 int[] timesteps, int draws, long seed) {
        NDManager manager = model.manager();
        List<Result> out = new ArrayList<>();
        try (NDScope ignored = new NDScope()) {
            NDArray x0 = ImageTensors.toTensor(images, manager);
            NDArray trueContext = pipeline.encode(pipeline.tokenize(manager, truths.toArray(String[]::new)));
            NDArray swappedContext = pipeline.encode(pipeline.tokenize(manager, swapped.toArray(String[]::new)));
            int[] ts = new int[images.size()];
            for (int t : timesteps) {
                Arrays.fill(ts, t);
                // the same noise for every swap at a timestep, so the swaps differ only in their captions and scenes
                SplittableRandom rnd = new SplittableRandom(seed * 31 + t);
                double trueLoss = 0;
                double swappedLoss = 0;
                for (int d = 0; d < draws; d++) {
                    try (NDScope perDraw = new NDScope()) {
                        NDArray noise = manager.create(GaussianNoise.samples(rnd, (int) x0.size()), x0.getShape());
                        NDArray noisy = model.schedule().addNoise(x0, noise, ts);
                        NDArray target = model.schedule().trainingTarget(x0, noise, ts);
                        NDArray step = manager.create((float) t);
                        trueLoss += mse(model.unet().forward(noisy, step, trueContext), target) / draws;
                        swappedLoss += mse(model.unet().forward(noisy, step, swappedContext), target) / draws;
                    }
                }
                out.add(new Result(swap, t, images.size(), trueLoss, swappedLoss));
            }
        }
        return out;
    }

    private static double mse(NDArray prediction, NDArray target) {
        return prediction.sub(target).square().mean().getFloat();
    }

    /**
     * The results as a Markdown table: one row per swap, one column per timestep, each cell the relative increase
     * of the loss in percent.
     */
    public static String markdown(List<Result> results) {
        List<Integer> timesteps = results.stream().map(Result::timestep).distinct().sorted().toList();
        StringBuilder md = new StringBuilder("| caption | scenes |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (int t : timesteps) {
            md.append(" t = ").append(t).append(" |");
            rule.append("---|");
        }
        md.append('\n').append(rule).append('\n');
        for (Swap swap : Swap.values()) {
            List<Result> row = results.stream().filter(r -> r.swap() == swap).toList();
            if (row.isEmpty()) {
                continue;
            }
            md.append("| ").append(describe(swap)).append(" | ").append(row.get(0).scenes()).append(" |");
            for (int t : timesteps) {
                row.stream().filter(r -> r.timestep() == t).findFirst().ifPresentOrElse(
                        r -> md.append(String.format(Locale.ROOT, " %+.2f %% |", 100 * r.relativeIncrease())),
                        () -> md.append(" – |"));
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static final Map<Swap, String> LABELS = Map.of(Swap.POSITION, "positions mirrored",
            Swap.COLOUR, "colours swapped", Swap.SHAPE, "shapes swapped", Swap.SIZE, "sizes swapped",
            Swap.EMPTY, "empty caption");

    /** How the tables name a swap ("colours swapped"). */
    static String describe(Swap swap) {
        return LABELS.get(swap);
    }

    /** The caption with the swap's words exchanged, word by word; unchanged when it has none of them. */
    public static String swap(String caption, Swap swap) {
        if (swap == Swap.EMPTY) {
            return "";
        }
        Map<String, String> words = WORDS.get(swap);
        String[] parts = caption.split(" ");
        for (int i = 0; i < parts.length; i++) {
            parts[i] = words.getOrDefault(parts[i], parts[i]);
        }
        return String.join(" ", parts);
    }

    private static final Map<Swap, Map<String, String>> WORDS = Map.of(
            Swap.POSITION, Map.of("left", "right", "right", "left", "top", "bottom", "bottom", "top"),
            Swap.COLOUR, colourWords(),
            Swap.SHAPE, shapeWords(),
            Swap.SIZE, Map.of(SizeClass.SMALL.word(), SizeClass.LARGE.word(), SizeClass.LARGE.word(),
                    SizeClass.SMALL.word()));

    private static Map<String, String> colourWords() {
        ShapeColour[] c = ShapeColour.values();
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < c.length; i++) {
            m.put(c[i].word(), c[(i + c.length / 2) % c.length].word());
        }
        return Map.copyOf(m);
    }

    private static Map<String, String> shapeWords() {
        ShapeKind[] k = ShapeKind.values();
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < k.length; i++) {
            ShapeKind next = k[(i + 1) % k.length];
            m.put(k[i].word(), next.word());
            m.put(CaptionWriter.plural(k[i]), CaptionWriter.plural(next));
        }
        return Map.copyOf(m);
    }
}
