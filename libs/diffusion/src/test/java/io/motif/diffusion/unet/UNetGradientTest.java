package io.motif.diffusion.unet;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import io.motif.diffusion.Fixtures;
import io.motif.diffusion.safetensors.SafetensorsFile;
import io.motif.diffusion.scheduler.GaussianNoise;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gradients through the UNet: the input gradient (which flows back through conv_out, where oneDNN misbehaves for
 * out-channel counts that are not multiples of 16) against a central finite difference, and the BOS detach.
 */
class UNetGradientTest {

    private static NDManager m;
    private static UNet2DConditionModel unet;
    private static NDArray sample;
    private static NDArray t;
    private static NDArray ctx;

    @BeforeAll
    static void load() throws Exception {
        m = NDManager.newBaseManager(Device.cpu());
        unet = UNet2DConditionModel.load(Fixtures.publicDir().resolve("unet"), m);
        try (SafetensorsFile io = SafetensorsFile.open(Fixtures.publicDir().resolve("io.safetensors"))) {
            sample = io.load("unet.sample", m).get(new NDIndex("0:1"));
            t = io.load("unet.timestep", m).get(new NDIndex("0:1"));
            ctx = io.load("unet.encoder_hidden_states", m).get(new NDIndex("1:2"));
        }
    }

    @AfterAll
    static void close() {
        unet.close();
        m.close();
    }

    private static double loss(NDArray x, NDArray weights) {
        return unet.forward(x, t, ctx).mul(weights).sum().getFloat();
    }

    @Test
    void inputGradientMatchesFiniteDifferences() {
        GaussianNoise g = new GaussianNoise(11);
        NDArray weights = g.nextLike(sample);
        NDArray direction = g.nextLike(sample);
        NDArray x = sample.duplicate();
        x.setRequiresGradient(true);
        double analytic;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = unet.forward(x, t, ctx, ForwardOptions.TRAINING).mul(weights).sum();
            gc.backward(loss);
        }
        try (NDArray grad = x.getGradient()) {
            assertThat(grad.isNaN().any().getBoolean()).isFalse();
            analytic = grad.mul(direction).sum().getFloat();
        }
        float eps = 1e-2f;
        double numeric = (loss(sample.add(direction.mul(eps)), weights) - loss(sample.sub(direction.mul(eps)), weights)) / (2 * eps);
        assertThat(Math.abs(analytic - numeric)).as("analytic %s vs numeric %s", analytic, numeric)
                .isLessThan(0.02 * Math.abs(numeric) + 1e-2);
    }

    @Test
    void detachBosKeepsTokenZeroOutOfTheGradientButNotTheForward() {
        NDArray c = ctx.duplicate();
        c.setRequiresGradient(true);
        NDArray withDetach;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            withDetach = unet.forward(sample, t, c, ForwardOptions.TRAINING);
            gc.backward(withDetach.sum());
        }
        NDArray plain = unet.forward(sample, t, ctx);
        assertThat(withDetach.sub(plain).abs().max().getFloat()).isZero();
        try (NDArray grad = c.getGradient()) {
            assertThat(grad.get(new NDIndex(":, 0, :")).abs().max().getFloat()).isZero();
            assertThat(grad.get(new NDIndex(":, 1:, :")).abs().max().getFloat()).isGreaterThan(0f);
        }
        NDArray c2 = ctx.duplicate();
        c2.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(unet.forward(sample, t, c2, ForwardOptions.INFERENCE).sum());
        }
        try (NDArray grad = c2.getGradient()) {
            assertThat(grad.get(new NDIndex(":, 0, :")).abs().max().getFloat()).isGreaterThan(0f);
        }
    }

    @Test
    void mapsWithoutContextGradientHaveTheSameValuesButNoGradientThroughTheKeys() {
        List<NDArray> plainMaps = new ArrayList<>();
        unet.forward(sample, t, ctx, new ForwardOptions(false, null, plainMaps));
        List<NDArray> detachedMaps = new ArrayList<>();
        unet.forward(sample, t, ctx, new ForwardOptions(false, null, detachedMaps, true));
        assertThat(detachedMaps).isNotEmpty().hasSameSizeAs(plainMaps);
        for (int i = 0; i < plainMaps.size(); i++) {
            assertThat(detachedMaps.get(i).sub(plainMaps.get(i)).abs().max().getFloat()).isLessThan(1e-6f);
        }
        // the first cross-attention layer's queries do not depend on the context, so a loss on its map reaches the
        // context only through the keys: detached, nothing at all
        assertThat(contextGradientOfFirstMap(true)).isZero();
        assertThat(contextGradientOfFirstMap(false)).isGreaterThan(0f);
    }

    /** The largest gradient a loss on the first cross-attention map sends into the context. */
    private static float contextGradientOfFirstMap(boolean detached) {
        NDArray c = ctx.duplicate();
        c.setRequiresGradient(true);
        // the queries need a gradient path of their own, or a detached map would have none at all
        NDArray x = sample.duplicate();
        x.setRequiresGradient(true);
        List<NDArray> maps = new ArrayList<>();
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            unet.forward(x, t, c, new ForwardOptions(false, null, maps, detached));
            gc.backward(maps.get(0).square().sum());
        }
        try (NDArray grad = c.getGradient()) {
            return grad.abs().max().getFloat();
        }
    }

    @Test
    void crossAttentionKvWeightsAreTrainableByName() {
        assertThat(unet.crossAttentionKvNames()).hasSize(12).allMatch(n -> n.contains("attn2.to_"));
        NDArray k = unet.parameters().get(unet.crossAttentionKvNames().get(0));
        k.setRequiresGradient(true);
        try {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(unet.forward(sample, t, ctx, ForwardOptions.TRAINING).sum());
            }
            try (NDArray grad = k.getGradient()) {
                assertThat(grad.getShape()).isEqualTo(k.getShape());
                assertThat(grad.abs().max().getFloat()).isGreaterThan(0f);
            }
        } finally {
            k.setRequiresGradient(false);
        }
    }
}
