package io.motif.shapes.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import io.motif.diffusion.pipeline.StableDiffusionModel;
import io.motif.diffusion.pipeline.StableDiffusionPipeline;
import io.motif.shapes.eval.CaptionSensitivity.Swap;
import io.motif.shapes.world.ShapesWorld;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How far the text encoder's output moves when one attribute's words in a caption are exchanged (the swaps of
 * {@link CaptionSensitivity}): the relative change ‖x − y‖ / ‖x‖ of each token's final state, averaged over the
 * tokens whose ids changed and, separately, over the end token and the padding, whose causal states summarise the
 * caption. An encoder that no longer tells two colours apart hands the UNet nothing to draw them from, however it
 * attends.
 */
public final class EncoderShift {

    /** One swap's mean relative changes over {@code captions} held-out captions it changes. */
    public record Result(Swap swap, int captions, double atChangedWords, double atPadding) {
    }

    private final StableDiffusionModel model;
    private final StableDiffusionPipeline pipeline;
    private final ShapesWorld world;

    public EncoderShift(StableDiffusionModel model, ShapesWorld world) {
        this.model = model;
        this.pipeline = new StableDiffusionPipeline(model);
        this.world = world;
    }

    /** Measures every swap but the empty caption on the first {@code sceneCount} held-out scenes' captions. */
    public List<Result> measure(int sceneCount) {
        List<Result> out = new ArrayList<>();
        for (Swap swap : Swap.values()) {
            if (swap == Swap.EMPTY) {
                continue;
            }
            List<String> truths = new ArrayList<>();
            List<String> swapped = new ArrayList<>();
            for (long i = 0; i < sceneCount; i++) {
                String caption = world.scene(CaptionSensitivity.FIRST_SCENE + i).caption();
                String changed = CaptionSensitivity.swap(caption, swap);
                if (!changed.equals(caption)) {
                    truths.add(caption);
                    swapped.add(changed);
                }
            }
            if (!truths.isEmpty()) {
                out.add(measure(swap, truths, swapped));
            }
        }
        return out;
    }

    private Result measure(Swap swap, List<String> truths, List<String> swapped) {
        try (NDScope ignored = new NDScope()) {
            NDArray ids = pipeline.tokenize(model.manager(), truths.toArray(String[]::new));
            NDArray otherIds = pipeline.tokenize(model.manager(), swapped.toArray(String[]::new));
            NDArray x = pipeline.encode(ids);
            NDArray y = pipeline.encode(otherIds);
            float[] change = x.sub(y).norm(new int[]{2}).div(x.norm(new int[]{2}).add(1e-12f)).toFloatArray();
            long[] a = ids.toLongArray();
            long[] b = otherIds.toLongArray();
            int length = (int) ids.getShape().get(1);
            long end = model.tokenizer().eosId();
            double changedSum = 0;
            double paddingSum = 0;
            for (int s = 0; s < truths.size(); s++) {
                double changed = 0;
                int changedCount = 0;
                double padding = 0;
                int paddingCount = 0;
                boolean ended = false;
                for (int j = 0; j < length; j++) {
                    int k = s * length + j;
                    // the padding after both captions ended: the same ids, states that differ only through the words
                    ended |= a[k] == end && b[k] == end;
                    if (a[k] != b[k]) {
                        changed += change[k];
                        changedCount++;
                    } else if (ended) {
                        padding += change[k];
                        paddingCount++;
                    }
                }
                changedSum += changed / Math.max(1, changedCount);
                paddingSum += padding / Math.max(1, paddingCount);
            }
            return new Result(swap, truths.size(), changedSum / truths.size(), paddingSum / truths.size());
        }
    }

    /** A Markdown table, one row per swap. */
    public static String markdown(List<Result> results) {
        StringBuilder s = new StringBuilder("| caption | captions | at the changed words | end token and padding |\n"
                + "|---|---|---|---|\n");
        for (Result r : results) {
            s.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f |%n", CaptionSensitivity.describe(r.swap()),
                    r.captions(), r.atChangedWords(), r.atPadding()));
        }
        return s.toString();
    }
}
