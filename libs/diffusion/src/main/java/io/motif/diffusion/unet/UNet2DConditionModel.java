package io.motif.diffusion.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.motif.diffusion.config.ConfigReader;
import io.motif.diffusion.nn.Conv;
import io.motif.diffusion.nn.Dense;
import io.motif.diffusion.nn.Norm;
import io.motif.diffusion.nn.Ops;
import io.motif.diffusion.nn.Parameters;
import io.motif.diffusion.nn.ResnetBlock2D;
import io.motif.diffusion.pipeline.ModelFolder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * diffusers' UNet2DConditionModel (SD 1.x/2.x family): sinusoidal timestep embedding, down blocks with optional
 * cross-attention transformers, a cross-attention mid block, up blocks fed by the skip connections, and the
 * output head. Built from the config; every weight is looked up by its diffusers name.
 */
public final class UNet2DConditionModel implements AutoCloseable {

    private final UNetConfig config;
    private final Parameters params;
    private final Conv convIn;
    private final Dense timeLinear1;
    private final Dense timeLinear2;
    private final List<Level> down = new ArrayList<>();
    private final List<Level> up = new ArrayList<>();
    private final ResnetBlock2D midResnet0;
    private final List<Transformer2D> midAttentions = new ArrayList<>();
    private final List<ResnetBlock2D> midResnets = new ArrayList<>();
    private final Norm convNormOut;
    private final Conv convOut;

    /** One down or up level: resnets, optional transformers (one per resnet), optional resampler. */
    private record Level(List<ResnetBlock2D> resnets, List<Transformer2D> attentions, Conv resampler) {
    }

    public UNet2DConditionModel(UNetConfig config, Parameters p) {
        this.config = config;
        this.params = p;
        int levels = config.levels();
        float eps = config.normEps();
        int groups = config.normGroups();
        convIn = Conv.same(p, "conv_in");
        timeLinear1 = new Dense(p, "time_embedding.linear_1");
        timeLinear2 = new Dense(p, "time_embedding.linear_2");
        for (int i = 0; i < levels; i++) {
            String pre = "down_blocks." + i;
            boolean cross = config.downBlockTypes().get(i).startsWith("CrossAttn");
            List<ResnetBlock2D> res = new ArrayList<>();
            List<Transformer2D> att = new ArrayList<>();
            for (int j = 0; j < config.layersPerBlock()[i]; j++) {
                res.add(new ResnetBlock2D(p, pre + ".resnets." + j, groups, eps, 1f));
                if (cross) {
                    att.add(new Transformer2D(p, pre + ".attentions." + j, config.heads()[i], config.transformerLayers()[i], groups, config.linearProjection()));
                }
            }
            Conv ds = i < levels - 1 ? new Conv(p, pre + ".downsamplers.0.conv", 2, config.downsamplePadding(), false) : null;
            down.add(new Level(res, att, ds));
        }
        if (config.hasMidBlock()) {
            int last = levels - 1;
            midResnet0 = new ResnetBlock2D(p, "mid_block.resnets.0", groups, eps, config.midBlockScale());
            midAttentions.add(new Transformer2D(p, "mid_block.attentions.0", config.heads()[last], config.transformerLayers()[last], groups, config.linearProjection()));
            midResnets.add(new ResnetBlock2D(p, "mid_block.resnets.1", groups, eps, config.midBlockScale()));
        } else {
            midResnet0 = null;
        }
        for (int i = 0; i < levels; i++) {
            int rev = levels - 1 - i;
            String pre = "up_blocks." + i;
            boolean cross = config.upBlockTypes().get(i).startsWith("CrossAttn");
            List<ResnetBlock2D> res = new ArrayList<>();
            List<Transformer2D> att = new ArrayList<>();
            for (int j = 0; j < config.layersPerBlock()[rev] + 1; j++) {
                res.add(new ResnetBlock2D(p, pre + ".resnets." + j, groups, eps, 1f));
                if (cross) {
                    att.add(new Transformer2D(p, pre + ".attentions." + j, config.heads()[rev], config.transformerLayers()[rev], groups, config.linearProjection()));
                }
            }
            Conv us = i < levels - 1 ? Conv.same(p, pre + ".upsamplers.0.conv") : null;
            up.add(new Level(res, att, us));
        }
        convNormOut = Norm.group(p, "conv_norm_out", groups, eps);
        long k = p.get("conv_out.weight").getShape().get(2);
        convOut = new Conv(p, "conv_out", 1, (int) (k - 1) / 2, true);
        p.checkAllUsed("unet");
    }

    /** Loads {@code dir/config.json} and {@code dir/diffusion_pytorch_model.safetensors}. */
    public static UNet2DConditionModel load(Path dir, NDManager manager) throws IOException {
        UNetConfig cfg = UNetConfig.read(ConfigReader.of(dir.resolve("config.json")));
        return new UNet2DConditionModel(cfg, Parameters.load(ModelFolder.weightsFile(dir, "diffusion_pytorch_model"), manager));
    }

    public UNetConfig config() {
        return config;
    }

    public Parameters parameters() {
        return params;
    }

    /** Names of the cross-attention key/value weights ({@code …attn2.to_k.weight}, {@code …attn2.to_v.weight}). */
    public List<String> crossAttentionKvNames() {
        return names(n -> n.contains(".attn2.to_k.") || n.contains(".attn2.to_v."));
    }

    public List<String> names(Predicate<String> filter) {
        return new ArrayList<>(new TreeSet<>(params.view().keySet()).stream().filter(filter).toList());
    }

    public NDArray forward(NDArray sample, NDArray timesteps, NDArray context) {
        return forward(sample, timesteps, context, ForwardOptions.INFERENCE);
    }

    /**
     * @param sample    (B, in, H, W)
     * @param timesteps (B) or (1) (broadcast), any numeric type
     * @param context   encoder hidden states (B, L, D)
     */
    public NDArray forward(NDArray sample, NDArray timesteps, NDArray context, ForwardOptions opts) {
        Map<String, NDArray> debug = opts.debug();
        long batch = sample.getShape().get(0);
        NDArray tProj = timeProjection(timesteps, batch, sample);
        NDArray temb = timeLinear2.forward(Ops.silu(timeLinear1.forward(tProj)));
        NDArray tAct = Ops.silu(temb);
        put(debug, "time_proj", tProj);
        put(debug, "time_embedding", temb);

        NDArray x = config.centerInputSample() ? sample.mul(2).sub(1) : sample;
        x = convIn.forward(x);
        put(debug, "conv_in", x);
        Deque<NDArray> skips = new ArrayDeque<>();
        skips.push(x);
        for (int i = 0; i < down.size(); i++) {
            Level lv = down.get(i);
            for (int j = 0; j < lv.resnets().size(); j++) {
                x = lv.resnets().get(j).forward(x, tAct);
                if (!lv.attentions().isEmpty()) {
                    x = lv.attentions().get(j).forward(x, context, opts.detachBos(), opts.crossAttentionMaps(),
                        opts.mapsWithoutContextGradient());
                }
                skips.push(x);
            }
            if (lv.resampler() != null) {
                x = lv.resampler().forward(x);
                skips.push(x);
            }
            put(debug, "down_blocks." + i, x);
        }
        if (midResnet0 != null) {
            x = midResnet0.forward(x, tAct);
            for (int j = 0; j < midAttentions.size(); j++) {
                x = midAttentions.get(j).forward(x, context, opts.detachBos(), opts.crossAttentionMaps(),
                        opts.mapsWithoutContextGradient());
                x = midResnets.get(j).forward(x, tAct);
            }
            put(debug, "mid_block", x);
        }
        for (int i = 0; i < up.size(); i++) {
            Level lv = up.get(i);
            for (int j = 0; j < lv.resnets().size(); j++) {
                x = lv.resnets().get(j).forward(Ops.cat(1, x, skips.pop()), tAct);
                if (!lv.attentions().isEmpty()) {
                    x = lv.attentions().get(j).forward(x, context, opts.detachBos(), opts.crossAttentionMaps(),
                        opts.mapsWithoutContextGradient());
                }
            }
            if (lv.resampler() != null) {
                NDArray next = skips.peek();
                if (next.getShape().get(2) != 2 * x.getShape().get(2) || next.getShape().get(3) != 2 * x.getShape().get(3)) {
                    throw new IllegalArgumentException("sample size " + sample.getShape() + " must be divisible by 2^" + (up.size() - 1));
                }
                x = lv.resampler().forward(Ops.upsampleNearest2x(x));
            }
            put(debug, "up_blocks." + i, x);
        }
        x = convNormOut.forward(x);
        put(debug, "conv_norm_out", x);
        x = convOut.forward(Ops.silu(x));
        put(debug, "conv_out", x);
        return x;
    }

    /** diffusers' Timesteps: [cos, sin] (flip_sin_to_cos) of t·exp(−ln(10000)·i/(half − shift)), in float32. */
    private NDArray timeProjection(NDArray timesteps, long batch, NDArray like) {
        int dim = config.blockOutChannels()[0];
        int half = dim / 2;
        NDManager m = like.getManager();
        NDArray t = timesteps.toType(DataType.FLOAT32, false).reshape(-1);
        if (t.size() == 1 && batch > 1) {
            t = t.broadcast(new Shape(batch));
        }
        NDArray exponent = m.arange(0f, (float) half, 1f, DataType.FLOAT32, like.getDevice())
                            .mul((float) -Math.log(10000)).div((float) (half - config.freqShift()));
        NDArray args = t.toDevice(like.getDevice(), false).expandDims(1).mul(exponent.exp().expandDims(0));
        NDArray sin = args.sin();
        NDArray cos = args.cos();
        NDArray emb = config.flipSinToCos() ? Ops.cat(1, cos, sin) : Ops.cat(1, sin, cos);
        if (dim % 2 == 1) {
            emb = Ops.cat(1, emb, m.zeros(new Shape(batch, 1), DataType.FLOAT32, like.getDevice()));
        }
        return emb;
    }

    private static void put(Map<String, NDArray> debug, String name, NDArray value) {
        if (debug != null) {
            debug.put(name, value);
        }
    }

    @Override
    public void close() {
        params.close();
    }
}
