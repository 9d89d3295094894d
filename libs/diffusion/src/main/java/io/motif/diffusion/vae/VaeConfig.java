package io.motif.diffusion.vae;

import io.motif.diffusion.config.ConfigReader;
import io.motif.diffusion.config.UnsupportedConfigException;

/** AutoencoderKL's config (SD 1.x/2.x VAEs, any number of levels). */
public record VaeConfig(int inChannels, int outChannels, int[] blockOutChannels, int layersPerBlock,
                        int latentChannels, int normGroups, double scalingFactor, int sampleSize, boolean midAttention) {

    public static VaeConfig read(ConfigReader r) {
        r.mustBeDefault("act_fn", "silu");
        r.mustBeDefault("latents_mean", null);
        r.mustBeDefault("latents_std", null);
        r.mustBeDefault("shift_factor", null);
        r.mustBeDefault("use_quant_conv", true);
        r.mustBeDefault("use_post_quant_conv", true);
        // force_upcast asks fp16 pipelines to run the VAE in float32; Motif always does
        r.noEffect("force_upcast");
        int[] ch = r.getInts("block_out_channels");
        for (String t : r.getStrings("down_block_types")) {
            if (!t.equals("DownEncoderBlock2D")) {
                throw new UnsupportedConfigException(r.source() + ": unsupported down block type " + t);
            }
        }
        for (String t : r.getStrings("up_block_types")) {
            if (!t.equals("UpDecoderBlock2D")) {
                throw new UnsupportedConfigException(r.source() + ": unsupported up block type " + t);
            }
        }
        VaeConfig c = new VaeConfig(r.getInt("in_channels", 3), r.getInt("out_channels", 3), ch,
                                    r.getInt("layers_per_block", 1), r.getInt("latent_channels", 4),
                                    r.getInt("norm_num_groups", 32), r.getDouble("scaling_factor", 0.18215),
                                    r.getInt("sample_size", 32), r.getBool("mid_block_add_attention", true));
        r.finish();
        return c;
    }

    /** Spatial down-sampling factor between pixels and latents. */
    public int downsampleFactor() {
        return 1 << (blockOutChannels.length - 1);
    }
}
