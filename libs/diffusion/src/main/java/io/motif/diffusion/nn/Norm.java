package io.motif.diffusion.nn;

import ai.djl.ndarray.NDArray;

/** A named GroupNorm (groups &gt; 0) or LayerNorm over the last axis (groups == 0). */
public final class Norm {

    private final Parameters params;
    private final String weight;
    private final String bias;
    private final int groups;
    private final float eps;

    private Norm(Parameters params, String prefix, int groups, float eps) {
        this.params = params;
        this.weight = params.require(prefix + ".weight");
        this.bias = params.require(prefix + ".bias");
        this.groups = groups;
        this.eps = eps;
    }

    public static Norm group(Parameters params, String prefix, int groups, float eps) {
        return new Norm(params, prefix, groups, eps);
    }

    public static Norm layer(Parameters params, String prefix, float eps) {
        return new Norm(params, prefix, 0, eps);
    }

    public NDArray forward(NDArray x) {
        return groups > 0 ? Ops.groupNorm(x, groups, params.get(weight), params.get(bias), eps)
                          : Ops.layerNorm(x, params.get(weight), params.get(bias), eps);
    }
}
