package io.motif.diffusion.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * A named 2-D convolution (weight [out, in, k, k] + bias), padding derived from the kernel unless given.
 * With {@code padOutChannelsTo16}, out-channels are zero-padded to a multiple of 16 and sliced back: libtorch 2.7.1's
 * oneDNN on CPU computes wrong input-gradients for 3×3 convs with other out-channel counts (SD's conv_out 320→4).
 */
public final class Conv {

    private final Parameters params;
    private final String weight;
    private final String bias;
    private final int stride;
    private final int padding;
    private final boolean padOutChannelsTo16;

    public Conv(Parameters params, String prefix, int stride, int padding, boolean padOutChannelsTo16) {
        this.params = params;
        this.weight = params.require(prefix + ".weight");
        this.bias = params.has(prefix + ".bias") ? params.require(prefix + ".bias") : null;
        this.stride = stride;
        this.padding = padding;
        this.padOutChannelsTo16 = padOutChannelsTo16;
    }

    /** "Same" padding for odd kernels, stride 1. */
    public static Conv same(Parameters params, String prefix) {
        long k = params.get(prefix + ".weight").getShape().get(2);
        return new Conv(params, prefix, 1, (int) (k - 1) / 2, false);
    }

    public NDArray forward(NDArray x) {
        NDArray w = params.get(weight);
        NDArray b = bias == null ? null : params.get(bias);
        long out = w.getShape().get(0);
        if (padOutChannelsTo16 && out % 16 != 0) {
            long extra = 16 - out % 16;
            Shape ws = w.getShape();
            NDArray wPad = Ops.cat(0, w, x.getManager().zeros(new Shape(extra, ws.get(1), ws.get(2), ws.get(3)), w.getDataType(), w.getDevice()));
            NDArray bPad = b == null ? x.getManager().zeros(new Shape(out + extra), w.getDataType(), w.getDevice())
                                     : Ops.cat(0, b, x.getManager().zeros(new Shape(extra), b.getDataType(), b.getDevice()));
            NDArray y = Ops.conv2d(x, Ops.local(wPad, x), Ops.local(bPad, x), stride, padding);
            return y.get(new NDIndex(":, 0:" + out));
        }
        if (b == null) {
            b = x.getManager().zeros(new Shape(out), w.getDataType(), w.getDevice());
        }
        return Ops.conv2d(x, w, b, stride, padding);
    }
}
