package io.motif.diffusion.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.motif.diffusion.config.ConfigReader;
import io.motif.diffusion.nn.Conv;
import io.motif.diffusion.nn.Norm;
import io.motif.diffusion.nn.Ops;
import io.motif.diffusion.nn.Parameters;
import io.motif.diffusion.nn.ResnetBlock2D;
import io.motif.diffusion.pipeline.ModelFolder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * diffusers' AutoencoderKL: encoder → quant_conv → (mean, logvar) and post_quant_conv → decoder. GroupNorm eps is
 * 1e-6 throughout; encoder downsampling pads (0,1,0,1) with zeros before a stride-2 unpadded conv.
 */
public final class AutoencoderKL implements AutoCloseable {

    private static final float EPS = 1e-6f;

    private final VaeConfig config;
    private final Parameters params;
    private final Conv encConvIn;
    private final List<List<ResnetBlock2D>> encBlocks = new ArrayList<>();
    private final List<Conv> encDown = new ArrayList<>();
    private final MidBlock encMid;
    private final Norm encNormOut;
    private final Conv encConvOut;
    private final Conv quantConv;
    private final Conv postQuantConv;
    private final Conv decConvIn;
    private final MidBlock decMid;
    private final List<List<ResnetBlock2D>> decBlocks = new ArrayList<>();
    private final List<Conv> decUp = new ArrayList<>();
    private final Norm decNormOut;
    private final Conv decConvOut;

    public AutoencoderKL(VaeConfig c, Parameters p) {
        this.config = c;
        this.params = p;
        int g = c.normGroups();
        int levels = c.blockOutChannels().length;
        encConvIn = Conv.same(p, "encoder.conv_in");
        for (int i = 0; i < levels; i++) {
            List<ResnetBlock2D> rs = new ArrayList<>();
            for (int j = 0; j < c.layersPerBlock(); j++) {
                rs.add(new ResnetBlock2D(p, "encoder.down_blocks." + i + ".resnets." + j, g, EPS, 1f));
            }
            encBlocks.add(rs);
            encDown.add(i < levels - 1 ? new Conv(p, "encoder.down_blocks." + i + ".downsamplers.0.conv", 2, 0, false) : null);
        }
        encMid = new MidBlock(p, "encoder.mid_block", g, c.midAttention());
        encNormOut = Norm.group(p, "encoder.conv_norm_out", g, EPS);
        encConvOut = Conv.same(p, "encoder.conv_out");
        quantConv = new Conv(p, "quant_conv", 1, 0, false);
        postQuantConv = new Conv(p, "post_quant_conv", 1, 0, false);
        decConvIn = Conv.same(p, "decoder.conv_in");
        decMid = new MidBlock(p, "decoder.mid_block", g, c.midAttention());
        for (int i = 0; i < levels; i++) {
            List<ResnetBlock2D> rs = new ArrayList<>();
            for (int j = 0; j < c.layersPerBlock() + 1; j++) {
                rs.add(new ResnetBlock2D(p, "decoder.up_blocks." + i + ".resnets." + j, g, EPS, 1f));
            }
            decBlocks.add(rs);
            decUp.add(i < levels - 1 ? Conv.same(p, "decoder.up_blocks." + i + ".upsamplers.0.conv") : null);
        }
        decNormOut = Norm.group(p, "decoder.conv_norm_out", g, EPS);
        decConvOut = Conv.same(p, "decoder.conv_out");
        p.checkAllUsed("vae");
    }

    public static AutoencoderKL load(Path dir, NDManager manager) throws IOException {
        VaeConfig cfg = VaeConfig.read(ConfigReader.of(dir.resolve("config.json")));
        Parameters p = Parameters.load(ModelFolder.weightsFile(dir, "diffusion_pytorch_model"), manager);
        LegacyVaeNames.upgrade(p);
        return new AutoencoderKL(cfg, p);
    }

    public VaeConfig config() {
        return config;
    }

    public Parameters parameters() {
        return params;
    }

    /** Posterior of an image in [-1, 1]: {@code [mean, logvar]}, logvar clamped to [-30, 20]. */
    public NDList encode(NDArray image) {
        NDArray x = encConvIn.forward(image);
        for (int i = 0; i < encBlocks.size(); i++) {
            for (ResnetBlock2D r : encBlocks.get(i)) {
                x = r.forward(x, null);
            }
            if (encDown.get(i) != null) {
                x = encDown.get(i).forward(x.pad(new Shape(0, 1, 0, 1), 0));
            }
        }
        x = encMid.forward(x);
        x = encConvOut.forward(Ops.silu(encNormOut.forward(x)));
        NDArray moments = quantConv.forward(x);
        NDList halves = moments.split(2, 1);
        return new NDList(halves.get(0), halves.get(1).clip(-30f, 20f));
    }

    /** Decodes latents that are already divided by the scaling factor. */
    public NDArray decode(NDArray latents) {
        NDArray x = decConvIn.forward(postQuantConv.forward(latents));
        x = decMid.forward(x);
        for (int i = 0; i < decBlocks.size(); i++) {
            for (ResnetBlock2D r : decBlocks.get(i)) {
                x = r.forward(x, null);
            }
            if (decUp.get(i) != null) {
                x = decUp.get(i).forward(Ops.upsampleNearest2x(x));
            }
        }
        return decConvOut.forward(Ops.silu(decNormOut.forward(x)));
    }

    @Override
    public void close() {
        params.close();
    }
}
