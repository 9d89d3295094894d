package io.motif.shapes.tiny;

import io.motif.diffusion.text.ClipTextConfig;
import io.motif.diffusion.unet.UNetConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The diffusers/transformers parameter names and shapes of a UNet2DConditionModel and a CLIPTextModel, derived from
 * their configs: what a from-scratch model must contain before its first training step. Channel bookkeeping of the
 * up path follows diffusers (each up resnet takes the previous output plus one skip connection).
 */
public final class ParameterShapes {

    /** How a tensor is initialised. */
    public enum Kind { CONV_WEIGHT, LINEAR_WEIGHT, BIAS, NORM_WEIGHT, NORM_BIAS, EMBEDDING }

    /** Shape, kind and fan-in (the bound of PyTorch's default uniform init is 1/√fanIn). */
    public record Entry(long[] shape, Kind kind, long fanIn) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private ParameterShapes() {
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    public static ParameterShapes unet(UNetConfig c) {
        ParameterShapes s = new ParameterShapes();
        int[] ch = c.blockOutChannels();
        int levels = ch.length;
        int temb = ch[0] * 4;
        s.conv("conv_in", ch[0], c.inChannels(), 3, true);
        s.linear("time_embedding.linear_1", temb, ch[0], true);
        s.linear("time_embedding.linear_2", temb, temb, true);
        int out = ch[0];
        for (int i = 0; i < levels; i++) {
            int in = out;
            out = ch[i];
            String pre = "down_blocks." + i;
            boolean cross = c.downBlockTypes().get(i).startsWith("CrossAttn");
            for (int j = 0; j < c.layersPerBlock()[i]; j++) {
                s.resnet(pre + ".resnets." + j, j == 0 ? in : out, out, temb);
                if (cross) {
                    s.transformer(pre + ".attentions." + j, out, c.crossAttentionDim()[i], c.transformerLayers()[i]);
                }
            }
            if (i < levels - 1) {
                s.conv(pre + ".downsamplers.0.conv", out, out, 3, true);
            }
        }
        int last = ch[levels - 1];
        if (c.hasMidBlock()) {
            s.resnet("mid_block.resnets.0", last, last, temb);
            s.transformer("mid_block.attentions.0", last, c.crossAttentionDim()[levels - 1], c.transformerLayers()[levels - 1]);
            s.resnet("mid_block.resnets.1", last, last, temb);
        }
        int prevOut = last;
        for (int i = 0; i < levels; i++) {
            int rev = levels - 1 - i;
            int outCh = ch[rev];
            int inCh = ch[Math.max(rev - 1, 0)];
            String pre = "up_blocks." + i;
            boolean cross = c.upBlockTypes().get(i).startsWith("CrossAttn");
            int n = c.layersPerBlock()[rev] + 1;
            for (int j = 0; j < n; j++) {
                int skip = j == n - 1 ? inCh : outCh;
                int resIn = j == 0 ? prevOut : outCh;
                s.resnet(pre + ".resnets." + j, resIn + skip, outCh, temb);
                if (cross) {
                    s.transformer(pre + ".attentions." + j, outCh, c.crossAttentionDim()[rev], c.transformerLayers()[rev]);
                }
            }
            if (i < levels - 1) {
                s.conv(pre + ".upsamplers.0.conv", outCh, outCh, 3, true);
            }
            prevOut = outCh;
        }
        s.norm("conv_norm_out", ch[0]);
        s.conv("conv_out", c.outChannels(), ch[0], 3, true);
        return s;
    }

    public static ParameterShapes textEncoder(ClipTextConfig c) {
        ParameterShapes s = new ParameterShapes();
        int d = c.hiddenSize();
        s.entries.put("text_model.embeddings.token_embedding.weight",
                new Entry(new long[] {c.vocabSize(), d}, Kind.EMBEDDING, d));
        s.entries.put("text_model.embeddings.position_embedding.weight",
                new Entry(new long[] {c.maxPositions(), d}, Kind.EMBEDDING, d));
        for (int i = 0; i < c.layers(); i++) {
            String l = "text_model.encoder.layers." + i + ".";
            for (String proj : new String[] {"q_proj", "k_proj", "v_proj", "out_proj"}) {
                s.linear(l + "self_attn." + proj, d, d, true);
            }
            s.norm(l + "layer_norm1", d);
            s.linear(l + "mlp.fc1", c.intermediateSize(), d, true);
            s.linear(l + "mlp.fc2", d, c.intermediateSize(), true);
            s.norm(l + "layer_norm2", d);
        }
        s.norm("text_model.final_layer_norm", d);
        return s;
    }

    private void resnet(String pre, int in, int out, int temb) {
        norm(pre + ".norm1", in);
        conv(pre + ".conv1", out, in, 3, true);
        linear(pre + ".time_emb_proj", out, temb, true);
        norm(pre + ".norm2", out);
        conv(pre + ".conv2", out, out, 3, true);
        if (in != out) {
            conv(pre + ".conv_shortcut", out, in, 1, true);
        }
    }

    private void transformer(String pre, int c, int cross, int layers) {
        norm(pre + ".norm", c);
        conv(pre + ".proj_in", c, c, 1, true);
        for (int i = 0; i < layers; i++) {
            String b = pre + ".transformer_blocks." + i;
            norm(b + ".norm1", c);
            attention(b + ".attn1", c, c);
            norm(b + ".norm2", c);
            attention(b + ".attn2", c, cross);
            norm(b + ".norm3", c);
            linear(b + ".ff.net.0.proj", 8 * c, c, true); // GEGLU: value and gate halves of the 4·C inner width
            linear(b + ".ff.net.2", c, 4 * c, true);
        }
        conv(pre + ".proj_out", c, c, 1, true);
    }

    private void attention(String pre, int c, int context) {
        linear(pre + ".to_q", c, c, false);
        linear(pre + ".to_k", c, context, false);
        linear(pre + ".to_v", c, context, false);
        linear(pre + ".to_out.0", c, c, true);
    }

    private void conv(String pre, int out, int in, int k, boolean bias) {
        long fan = (long) in * k * k;
        entries.put(pre + ".weight", new Entry(new long[] {out, in, k, k}, Kind.CONV_WEIGHT, fan));
        if (bias) {
            entries.put(pre + ".bias", new Entry(new long[] {out}, Kind.BIAS, fan));
        }
    }

    private void linear(String pre, int out, int in, boolean bias) {
        entries.put(pre + ".weight", new Entry(new long[] {out, in}, Kind.LINEAR_WEIGHT, in));
        if (bias) {
            entries.put(pre + ".bias", new Entry(new long[] {out}, Kind.BIAS, in));
        }
    }

    private void norm(String pre, int c) {
        entries.put(pre + ".weight", new Entry(new long[] {c}, Kind.NORM_WEIGHT, c));
        entries.put(pre + ".bias", new Entry(new long[] {c}, Kind.NORM_BIAS, c));
    }
}
