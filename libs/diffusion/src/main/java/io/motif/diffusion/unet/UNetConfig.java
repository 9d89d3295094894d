package io.motif.diffusion.unet;

import io.motif.diffusion.config.ConfigReader;
import io.motif.diffusion.config.UnsupportedConfigException;

import java.util.List;

/**
 * UNet2DConditionModel's config, resolved per down level (up levels use the lists reversed, the mid block the
 * last entry). {@code heads[i]} is the number of heads: diffusers reads the legacy {@code attention_head_dim} as
 * {@code num_attention_heads} when the latter is unset.
 */
public record UNetConfig(int inChannels, int outChannels, int sampleSize, int[] blockOutChannels,
                         List<String> downBlockTypes, List<String> upBlockTypes, boolean hasMidBlock,
                         int[] layersPerBlock, int[] crossAttentionDim, int[] heads, int[] transformerLayers,
                         int normGroups, float normEps, boolean linearProjection, boolean upcastAttention,
                         boolean flipSinToCos, int freqShift, int downsamplePadding, float midBlockScale,
                         boolean centerInputSample) {

    public static UNetConfig read(ConfigReader r) {
        // options whose non-default values select features this implementation does not have
        r.mustBeDefault("act_fn", "silu");
        r.mustBeDefault("addition_embed_type", null);
        r.mustBeDefault("addition_time_embed_dim", null);
        r.mustBeDefault("attention_type", "default");
        r.mustBeDefault("class_embed_type", null);
        r.mustBeDefault("class_embeddings_concat", false);
        r.mustBeDefault("cross_attention_norm", null);
        r.mustBeDefault("dual_cross_attention", false);
        r.mustBeDefault("encoder_hid_dim", null);
        r.mustBeDefault("encoder_hid_dim_type", null);
        r.mustBeDefault("mid_block_only_cross_attention", null);
        r.mustBeDefault("num_class_embeds", null);
        r.mustBeDefault("only_cross_attention", false);
        r.mustBeDefault("projection_class_embeddings_input_dim", null);
        r.mustBeDefault("resnet_out_scale_factor", 1.0);
        r.mustBeDefault("resnet_skip_time_act", false);
        r.mustBeDefault("resnet_time_scale_shift", "default");
        r.mustBeDefault("reverse_transformer_layers_per_block", null);
        r.mustBeDefault("time_cond_proj_dim", null);
        r.mustBeDefault("time_embedding_act_fn", null);
        r.mustBeDefault("time_embedding_type", "positional");
        r.mustBeDefault("timestep_post_act", null);
        // dropout is a training-time regulariser that Motif does not apply; only 0 keeps training identical
        r.mustBeDefault("dropout", 0.0);
        // only read by addition_embed_type variants, which are refused above
        r.noEffect("addition_embed_type_num_heads");

        int[] channels = r.getInts("block_out_channels");
        int levels = channels.length;
        List<String> down = r.getStrings("down_block_types");
        List<String> up = r.getStrings("up_block_types");
        if (down.size() != levels || up.size() != levels) {
            throw new UnsupportedConfigException(r.source() + ": down/up block type lists must have one entry per block_out_channels entry");
        }
        for (String t : down) {
            if (!t.equals("DownBlock2D") && !t.equals("CrossAttnDownBlock2D")) {
                throw new UnsupportedConfigException(r.source() + ": unsupported down block type " + t);
            }
        }
        for (String t : up) {
            if (!t.equals("UpBlock2D") && !t.equals("CrossAttnUpBlock2D")) {
                throw new UnsupportedConfigException(r.source() + ": unsupported up block type " + t);
            }
        }
        String mid = r.getString("mid_block_type", "UNetMidBlock2DCrossAttn");
        if (mid != null && !mid.equals("UNetMidBlock2DCrossAttn")) {
            throw new UnsupportedConfigException(r.source() + ": unsupported mid_block_type " + mid);
        }
        boolean hasNumHeads = r.has("num_attention_heads");
        int[] headDimLegacy = r.getIntsOrScalar("attention_head_dim", levels, fill(levels, 8));
        int[] heads = hasNumHeads ? r.getIntsOrScalar("num_attention_heads", levels, null) : headDimLegacy;
        if (!hasNumHeads) {
            r.node("num_attention_heads");
        }
        int timeEmbDim = r.getInt("time_embedding_dim", channels[0] * 4);
        if (timeEmbDim != channels[0] * 4) {
            throw new UnsupportedConfigException(r.source() + ": unsupported time_embedding_dim=" + timeEmbDim);
        }
        UNetConfig c = new UNetConfig(
                r.getInt("in_channels", 4), r.getInt("out_channels", 4), r.getInt("sample_size", 64), channels, down, up,
                mid != null,
                r.getIntsOrScalar("layers_per_block", levels, fill(levels, 2)),
                r.getIntsOrScalar("cross_attention_dim", levels, fill(levels, 1280)),
                heads,
                r.getIntsOrScalar("transformer_layers_per_block", levels, fill(levels, 1)),
                r.getInt("norm_num_groups", 32), (float) r.getDouble("norm_eps", 1e-5),
                r.getBool("use_linear_projection", false),
                // upcast_attention casts q·kᵀ to float32: with float32 weights it changes nothing
                r.getBool("upcast_attention", false),
                r.getBool("flip_sin_to_cos", true), r.getInt("freq_shift", 0),
                r.getInt("downsample_padding", 1), (float) r.getDouble("mid_block_scale_factor", 1.0),
                r.getBool("center_input_sample", false));
        int convIn = r.getInt("conv_in_kernel", 3);
        int convOut = r.getInt("conv_out_kernel", 3);
        if (convIn % 2 == 0 || convOut % 2 == 0) {
            throw new UnsupportedConfigException(r.source() + ": even conv kernels are not supported");
        }
        r.finish();
        return c;
    }

    private static int[] fill(int n, int v) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    public int levels() {
        return blockOutChannels.length;
    }
}
