package io.motif.diffusion.nn;

import ai.djl.ndarray.NDArray;

/**
 * diffusers' ResnetBlock2D ("default" time-scale-shift): GN→SiLU→conv1 (+ time projection) → GN→SiLU→conv2,
 * plus a 1×1 shortcut when the channel count changes, divided by the output scale factor.
 */
public final class ResnetBlock2D {

    private final Norm norm1;
    private final Conv conv1;
    private final Dense timeProj;
    private final Norm norm2;
    private final Conv conv2;
    private final Conv shortcut;
    private final float outputScale;

    public ResnetBlock2D(Parameters p, String prefix, int groups, float eps, float outputScale) {
        this.norm1 = Norm.group(p, prefix + ".norm1", groups, eps);
        this.conv1 = Conv.same(p, prefix + ".conv1");
        this.timeProj = p.has(prefix + ".time_emb_proj.weight") ? new Dense(p, prefix + ".time_emb_proj") : null;
        this.norm2 = Norm.group(p, prefix + ".norm2", groups, eps);
        this.conv2 = Conv.same(p, prefix + ".conv2");
        this.shortcut = p.has(prefix + ".conv_shortcut.weight") ? new Conv(p, prefix + ".conv_shortcut", 1, 0, false) : null;
        this.outputScale = outputScale;
    }

    /** @param tembActivated SiLU(time embedding), (B, T); null for the VAE's blocks */
    public NDArray forward(NDArray x, NDArray tembActivated) {
        NDArray h = conv1.forward(Ops.silu(norm1.forward(x)));
        if (timeProj != null) {
            if (tembActivated == null) {
                throw new IllegalStateException("this resnet block needs a time embedding");
            }
            h = h.add(timeProj.forward(tembActivated).expandDims(2).expandDims(3));
        }
        h = conv2.forward(Ops.silu(norm2.forward(h)));
        NDArray skip = shortcut == null ? x : shortcut.forward(x);
        NDArray out = skip.add(h);
        return outputScale == 1f ? out : Ops.dividedBy(out, outputScale);
    }
}
