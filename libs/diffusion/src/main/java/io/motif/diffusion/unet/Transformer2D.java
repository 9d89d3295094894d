package io.motif.diffusion.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.motif.diffusion.nn.Attention;
import io.motif.diffusion.nn.Conv;
import io.motif.diffusion.nn.Dense;
import io.motif.diffusion.nn.Norm;
import io.motif.diffusion.nn.Ops;
import io.motif.diffusion.nn.Parameters;

import java.util.ArrayList;
import java.util.List;

/**
 * diffusers' Transformer2DModel for spatial input: GroupNorm(eps 1e-6) → proj_in (1×1 conv, or linear after
 * flattening) → BasicTransformerBlocks (self-attn, cross-attn, GEGLU feed-forward, each pre-LN with a residual)
 * → proj_out → + input.
 */
final class Transformer2D {

    private final Parameters params;
    private final Norm norm;
    private final boolean linearProjection;
    private final Conv projInConv;
    private final Conv projOutConv;
    private final Dense projInLinear;
    private final Dense projOutLinear;
    private final List<Block> blocks = new ArrayList<>();

    private record Block(Norm norm1, Attention attn1, Norm norm2, Attention attn2, Norm norm3, Dense ffIn, Dense ffOut) {
    }

    Transformer2D(Parameters p, String prefix, int heads, int layers, int groups, boolean linearProjection) {
        this.params = p;
        this.norm = Norm.group(p, prefix + ".norm", groups, 1e-6f);
        this.linearProjection = linearProjection;
        if (linearProjection) {
            projInLinear = new Dense(p, prefix + ".proj_in");
            projOutLinear = new Dense(p, prefix + ".proj_out");
            projInConv = null;
            projOutConv = null;
        } else {
            projInConv = new Conv(p, prefix + ".proj_in", 1, 0, false);
            projOutConv = new Conv(p, prefix + ".proj_out", 1, 0, false);
            projInLinear = null;
            projOutLinear = null;
        }
        for (int i = 0; i < layers; i++) {
            String b = prefix + ".transformer_blocks." + i;
            blocks.add(new Block(Norm.layer(p, b + ".norm1", 1e-5f), new Attention(p, b + ".attn1", heads),
                                 Norm.layer(p, b + ".norm2", 1e-5f), new Attention(p, b + ".attn2", heads),
                                 Norm.layer(p, b + ".norm3", 1e-5f), new Dense(p, b + ".ff.net.0.proj"), new Dense(p, b + ".ff.net.2")));
        }
    }

    /**
     * @param mapsOrNull     where cross-attention probabilities go when a caller asked for them (see ForwardOptions)
     * @param mapsNoGradient whether those maps send no gradient into the context (see ForwardOptions)
     */
    NDArray forward(NDArray x, NDArray context, boolean detachBos, List<NDArray> mapsOrNull, boolean mapsNoGradient) {
        Shape s = x.getShape();
        long b = s.get(0), h = s.get(2), w = s.get(3);
        NDArray hs = norm.forward(x);
        if (!linearProjection) {
            hs = projInConv.forward(hs);
        }
        long inner = hs.getShape().get(1);
        hs = hs.transpose(0, 2, 3, 1).reshape(b, h * w, inner);
        if (linearProjection) {
            hs = projInLinear.forward(hs);
            inner = hs.getShape().get(2);
        }
        for (Block blk : blocks) {
            hs = hs.add(blk.attn1().forward(blk.norm1().forward(hs), null, false));
            hs = hs.add(blk.attn2().forward(blk.norm2().forward(hs), context, detachBos, mapsOrNull,
                    mapsNoGradient));
            hs = hs.add(feedForward(blk, blk.norm3().forward(hs)));
        }
        if (linearProjection) {
            hs = projOutLinear.forward(hs);
            inner = hs.getShape().get(2);
            hs = hs.reshape(b, h, w, inner).transpose(0, 3, 1, 2);
        } else {
            hs = projOutConv.forward(hs.reshape(b, h, w, inner).transpose(0, 3, 1, 2));
        }
        return hs.add(x);
    }

    /** GEGLU: proj → split [h, gate] on the last axis → h·gelu(gate) → net.2. */
    private static NDArray feedForward(Block blk, NDArray x) {
        NDArray proj = blk.ffIn().forward(x);
        ai.djl.ndarray.NDList halves = proj.split(2, proj.getShape().dimension() - 1);
        return blk.ffOut().forward(halves.get(0).mul(Ops.gelu(halves.get(1))));
    }
}
