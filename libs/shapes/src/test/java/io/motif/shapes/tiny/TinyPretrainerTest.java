package io.motif.shapes.tiny;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.motif.diffusion.nn.Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** A few steps of pretraining on a shrunken motif-tiny: it learns, saves a loadable folder, and is reproducible. */
class TinyPretrainerTest {

    static final Path MOTIF_TINY = Path.of("../../models/motif-tiny");

    /** motif-tiny's configs with a much smaller UNet (16 px, two levels), so a step takes a fraction of a second. */
    static Path microConfig(Path dir) throws Exception {
        for (String f : TinyModel.CONFIG_FILES) {
            Files.createDirectories(dir.resolve(f).getParent());
            Files.copy(MOTIF_TINY.resolve(f), dir.resolve(f));
        }
        for (String f : TinyModel.FINE_TUNING_FILES) {
            Files.copy(MOTIF_TINY.resolve(f), dir.resolve(f));
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode unet = (ObjectNode) json.readTree(dir.resolve("unet/config.json").toFile());
        unet.putArray("block_out_channels").add(16).add(32);
        unet.putArray("down_block_types").add("DownBlock2D").add("CrossAttnDownBlock2D");
        unet.putArray("up_block_types").add("CrossAttnUpBlock2D").add("UpBlock2D");
        unet.putArray("attention_head_dim").add(2).add(2);
        unet.put("sample_size", 16);
        json.writeValue(dir.resolve("unet/config.json").toFile(), unet);
        return dir;
    }

    static List<TinyPretrainer.LogPoint> pretrain(Path config, Path out, int steps) throws Exception {
        return pretrain(config, out, steps, 2);
    }

    static List<TinyPretrainer.LogPoint> pretrain(Path config, Path out, int steps, int shards) throws Exception {
        // with two steps of the text encoder's warm-up, the grounding loss and low timesteps for half of each
        // batch, so that reproducibility covers them too
        PretrainOptions o = new PretrainOptions(steps, 4, 1e-3, 2, 0.1, 1.0, 7, 3, 1000, 1, 60, 5.0, shards, 2,
                new GroundingOptions(0.05, GroundedWords.ALL, false, 0.05, false, 0), false,
                TimestepSampling.lowHalf());
        try (NDManager m = NDManager.newBaseManager(); TinyModel model = TinyModel.initialise(config, 7, m)) {
            return new TinyPretrainer(model, o).run(out, s -> { });
        }
    }

    @Test
    void trainsSavesAndReproduces(@TempDir Path tmp) throws Exception {
        Path config = microConfig(tmp.resolve("config"));
        List<TinyPretrainer.LogPoint> a = pretrain(config, tmp.resolve("a"), 6);
        List<TinyPretrainer.LogPoint> b = pretrain(config, tmp.resolve("b"), 6);
        assertThat(a).hasSize(6);
        assertThat(a.get(5).meanLoss()).isLessThan(a.get(0).meanLoss());
        assertThat(a).allSatisfy(p -> assertThat(p.meanGrounding()).isBetween(0.0, 1.0));
        assertThat(a.stream().mapToDouble(TinyPretrainer.LogPoint::meanGrounding).sum()).isPositive();
        assertThat(a).allSatisfy(p -> assertThat(p.meanMass()).isBetween(0.0, 1.0));
        assertThat(a.stream().mapToDouble(TinyPretrainer.LogPoint::meanMass).sum()).isPositive();
        assertThat(a.stream().map(TinyPretrainer.LogPoint::meanLoss).toList())
                .isEqualTo(b.stream().map(TinyPretrainer.LogPoint::meanLoss).toList());
        assertThat(Files.readAllLines(tmp.resolve("a/train_log.csv"))).hasSize(7);
        try (NDManager m = NDManager.newBaseManager();
             Parameters pa = Parameters.load(tmp.resolve("a/unet/diffusion_pytorch_model.safetensors"), m);
             Parameters pb = Parameters.load(tmp.resolve("b/unet/diffusion_pytorch_model.safetensors"), m);
             TinyModel init = TinyModel.initialise(config, 7, m)) {
            NDArray wa = pa.get("conv_in.weight");
            assertThat(wa.toFloatArray()).isEqualTo(pb.get("conv_in.weight").toFloatArray());
            assertThat(wa.toFloatArray()).isNotEqualTo(init.unet().parameters().get("conv_in.weight").toFloatArray());
        }
        // the saved folder fine-tunes as motif-tiny does, and is a complete model the diffusion core loads
        for (String f : TinyModel.FINE_TUNING_FILES) {
            assertThat(tmp.resolve("a").resolve(f)).hasSameTextualContentAs(MOTIF_TINY.resolve(f));
        }
        try (NDManager m = NDManager.newBaseManager()) {
            io.motif.diffusion.unet.UNet2DConditionModel.load(tmp.resolve("a/unet"), m).close();
            io.motif.diffusion.text.ClipTextEncoder.load(tmp.resolve("a/text_encoder"), m).close();
        }
    }

    @Test
    void shardsComputeTheSameStepAsOneReplica(@TempDir Path tmp) throws Exception {
        Path config = microConfig(tmp.resolve("config"));
        List<TinyPretrainer.LogPoint> one = pretrain(config, tmp.resolve("one"), 3, 1);
        List<TinyPretrainer.LogPoint> two = pretrain(config, tmp.resolve("two"), 3, 2);
        for (int i = 0; i < 3; i++) {
            // the same scenes, noise and mean gradient; only the order of float sums differs
            assertThat(two.get(i).meanLoss()).isCloseTo(one.get(i).meanLoss(), within(1e-5));
        }
        try (NDManager m = NDManager.newBaseManager();
             Parameters p1 = Parameters.load(tmp.resolve("one/unet/diffusion_pytorch_model.safetensors"), m);
             Parameters p2 = Parameters.load(tmp.resolve("two/unet/diffusion_pytorch_model.safetensors"), m)) {
            for (String name : p1.view().keySet()) {
                float diff = p1.get(name).sub(p2.get(name)).abs().max().getFloat();
                assertThat(diff).as(name).isLessThan(1e-4f);
            }
        }
    }

    @Test
    void batchMustSplitIntoEqualShards() {
        assertThatThrownBy(() -> new PretrainOptions(10, 6, 1e-3, 2, 0.1, 1.0, 7, 3, 1000, 1, 60, 5.0, 4, 0, GroundingOptions.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6").hasMessageContaining("4");
    }

    @Test
    void minSnrWeightCapsOnlyTheNearlyCleanSteps() {
        PretrainOptions o = PretrainOptions.defaults();
        double gamma = o.snrGamma();
        // x0-error weight below γ: full weight; above: γ/w
        assertThat(o.lossWeight(1.5)).isEqualTo(1.0);
        assertThat(o.lossWeight(99.0)).isCloseTo(gamma / 99.0, within(1e-12));
        PretrainOptions plain = new PretrainOptions(10, 4, 1e-3, 2, 0.1, 1.0, 7, 3, 1000, 1, 60, 0, 1, 0, GroundingOptions.none());
        assertThat(plain.lossWeight(99.0)).isEqualTo(1.0);
    }

    @Test
    void stepsLeaveNoArraysBehind(@TempDir Path tmp) throws Exception {
        Path config = microConfig(tmp.resolve("config"));
        // arrays a step leaves attached to the model's manager pile up for the whole run (and slow every step's
        // garbage collection), so a longer run must not end with more of them
        assertThat(arraysLeftAfter(config, tmp.resolve("six"), 6)).isEqualTo(arraysLeftAfter(config, tmp.resolve("two"), 2));
    }

    private static int arraysLeftAfter(Path config, Path out, int steps) throws Exception {
        PretrainOptions o = new PretrainOptions(steps, 4, 1e-3, 2, 0.1, 1.0, 7, 3, 1000, 1, 60, 5.0, 2, 0,
                new GroundingOptions(0.05, GroundedWords.POSITIONS, true, 0.05, true, 1));
        try (NDManager m = NDManager.newBaseManager(); TinyModel model = TinyModel.initialise(config, 7, m)) {
            new TinyPretrainer(model, o).run(out, s -> { });
            return ((BaseNDManager) m).getManagedArrays().size();
        }
    }

    @Test
    void groundingStartsAtItsStep(@TempDir Path tmp) throws Exception {
        Path config = microConfig(tmp.resolve("config"));
        PretrainOptions o = new PretrainOptions(4, 4, 1e-3, 2, 0.0, 1.0, 7, 3, 1000, 1, 60, 5.0, 1, 0,
                new GroundingOptions(0.05, GroundedWords.POSITIONS, true, 0.05, true, 2));
        try (NDManager m = NDManager.newBaseManager(); TinyModel model = TinyModel.initialise(config, 7, m)) {
            List<TinyPretrainer.LogPoint> curve = new TinyPretrainer(model, o).run(tmp.resolve("out"), s -> { });
            assertThat(curve).extracting(TinyPretrainer.LogPoint::meanGrounding)
                    .satisfiesExactly(g -> assertThat(g).isZero(), g -> assertThat(g).isZero(),
                            g -> assertThat(g).isPositive(), g -> assertThat(g).isPositive());
        }
    }

    @Test
    void aFrozenTextEncoderKeepsTheWarmUpsWeightsWhileTheUNetTrains(@TempDir Path tmp) throws Exception {
        Path config = microConfig(tmp.resolve("config"));
        frozenRun(config, tmp.resolve("one"), 1);
        frozenRun(config, tmp.resolve("three"), 3);
        try (NDManager m = NDManager.newBaseManager();
             Parameters t1 = Parameters.load(tmp.resolve("one/text_encoder/model.safetensors"), m);
             Parameters t3 = Parameters.load(tmp.resolve("three/text_encoder/model.safetensors"), m);
             Parameters u1 = Parameters.load(tmp.resolve("one/unet/diffusion_pytorch_model.safetensors"), m);
             Parameters u3 = Parameters.load(tmp.resolve("three/unet/diffusion_pytorch_model.safetensors"), m);
             TinyModel init = TinyModel.initialise(config, 7, m)) {
            for (String name : t1.view().keySet()) {
                // the same warm-up, then no update in either run
                assertThat(t3.get(name).toFloatArray()).as(name).isEqualTo(t1.get(name).toFloatArray());
            }
            String embedding = "text_model.embeddings.token_embedding.weight";
            assertThat(t1.get(embedding).toFloatArray())
                    .as("the warm-up trained the encoder").isNotEqualTo(init.text().parameters().get(embedding).toFloatArray());
            assertThat(u3.get("conv_in.weight").toFloatArray()).isNotEqualTo(u1.get("conv_in.weight").toFloatArray());
        }
    }

    @Test
    void aFrozenTextEncoderNeedsAWarmUp() {
        assertThatThrownBy(() -> new PretrainOptions(10, 4, 1e-3, 2, 0.1, 1.0, 7, 3, 1000, 1, 60, 5.0, 1, 0,
                GroundingOptions.none(), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warm-up");
    }

    private static void frozenRun(Path config, Path out, int steps) throws Exception {
        PretrainOptions o = new PretrainOptions(steps, 4, 1e-3, 2, 0.1, 1.0, 7, 3, 1000, 1, 60, 5.0, 2, 2,
                new GroundingOptions(0.05, GroundedWords.POSITIONS, true, 0.0, false, 0), true);
        try (NDManager m = NDManager.newBaseManager(); TinyModel model = TinyModel.initialise(config, 7, m)) {
            new TinyPretrainer(model, o).run(out, s -> { });
        }
    }
}
