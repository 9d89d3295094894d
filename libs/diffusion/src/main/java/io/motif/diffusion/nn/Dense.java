package io.motif.diffusion.nn;

import ai.djl.ndarray.NDArray;

/** A named linear layer (weight [out, in], bias optional: present when the weights hold it). */
public final class Dense {

    private final Parameters params;
    private final String weight;
    private final String bias;

    public Dense(Parameters params, String prefix) {
        this.params = params;
        this.weight = params.require(prefix + ".weight");
        this.bias = params.has(prefix + ".bias") ? params.require(prefix + ".bias") : null;
    }

    public String weightName() {
        return weight;
    }

    public NDArray forward(NDArray x) {
        return Ops.linear(x, params.get(weight), bias == null ? null : params.get(bias));
    }
}
