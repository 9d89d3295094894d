package io.motif.diffusion.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The functional building blocks the models share. DJL's NDArray API has no fused GroupNorm, SiLU or
 * scaled-dot-product attention, so they are composed here from layerNorm, sigmoid, matMul and softmax.
 */
public final class Ops {

    /** layerNorm needs an affine pair; identity pairs are cached per (length, device) and never trained. */
    private static final Map<String, NDArray[]> IDENTITY_AFFINE = new ConcurrentHashMap<>();
    private static final NDManager CONSTANTS = NDManager.newBaseManager();

    private Ops() {
    }

    public static NDArray linear(NDArray x, NDArray weight, NDArray biasOrNull) {
        return biasOrNull == null ? Linear.linear(x, weight).singletonOrThrow() : Linear.linear(x, weight, biasOrNull).singletonOrThrow();
    }

    public static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
        return Conv2d.conv2d(x, weight, bias, new Shape(stride, stride), new Shape(padding, padding), new Shape(1, 1), 1)
                     .singletonOrThrow();
    }

    public static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta, float eps) {
        long c = x.getShape().get(x.getShape().dimension() - 1);
        return LayerNorm.layerNorm(x, new Shape(c), gamma, beta, eps).singletonOrThrow();
    }

    /** GroupNorm over (B, C, ...) as a layer norm over (B, G, C/G·spatial) followed by the per-channel affine. */
    public static NDArray groupNorm(NDArray x, int groups, NDArray gamma, NDArray beta, float eps) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        if (c % groups != 0) {
            throw new IllegalArgumentException("GroupNorm: " + c + " channels are not divisible by " + groups + " groups");
        }
        long n = s.size() / (b * groups);
        NDArray[] id = identityAffine(n, x);
        NDArray normed = LayerNorm.layerNorm(x.reshape(b, groups, n), new Shape(n), id[0], id[1], eps).singletonOrThrow();
        long[] affineShape = new long[s.dimension()];
        affineShape[0] = 1;
        affineShape[1] = c;
        for (int i = 2; i < affineShape.length; i++) {
            affineShape[i] = 1;
        }
        Shape as = new Shape(affineShape);
        return normed.reshape(s).mul(local(gamma.reshape(as), x)).add(local(beta.reshape(as), x));
    }

    private static NDArray[] identityAffine(long n, NDArray like) {
        String key = n + "@" + like.getDevice();
        return IDENTITY_AFFINE.computeIfAbsent(key, k -> {
            NDArray ones = CONSTANTS.ones(new Shape(n), like.getDataType(), like.getDevice());
            NDArray zeros = CONSTANTS.zeros(new Shape(n), like.getDataType(), like.getDevice());
            // cached for the life of the process: keep them out of the caller's NDScope
            ai.djl.ndarray.NDScope.unregister(ones, zeros);
            return new NDArray[] {ones, zeros};
        });
    }

    /**
     * Hands a temporary made from a parameter (a reshaped view, a padded copy) to the manager of the activation
     * it is used with: results belong to their first operand's manager, and without this such temporaries would
     * pile up in the model's long-lived manager whenever a forward runs outside an NDScope.
     */
    public static NDArray local(NDArray temporary, NDArray activation) {
        temporary.attach(activation.getManager());
        return temporary;
    }

    /**
     * x·s for a differentiable x. DJL's {@code mul(Number)} wraps s in a temporary array over a Java direct buffer and
     * closes it at once, but libtorch's MulBackward keeps that scalar for the backward pass: once the JVM collects the
     * buffer, backward reads freed memory (non-finite, run-to-run different gradients whenever a GC falls inside a
     * training step). Here the scalar is an array of x's manager, so it lives as long as the activations do.
     */
    public static NDArray times(NDArray x, float s) {
        return x.mul(x.getManager().create(s));
    }

    /** x/s for a differentiable x; see {@link #times} for why the divisor must outlive the call. */
    public static NDArray dividedBy(NDArray x, float s) {
        return x.div(x.getManager().create(s));
    }

    public static NDArray silu(NDArray x) {
        return x.mul(x.getNDArrayInternal().sigmoid());
    }

    /**
     * Exact (erf) GELU, x·(1 + erf(x/√2))/2. Composed rather than libtorch's fused gelu: both agree to 1e-7 forward,
     * but the composed form kept the training-step fixture's second-step Adam moments closer (8.5e-5 vs 1.3e-4 rel).
     */
    public static NDArray gelu(NDArray x) {
        return times(x.mul(times(x, (float) (1 / Math.sqrt(2))).erf().add(1f)), 0.5f);
    }

    /** CLIP's quick_gelu: x·sigmoid(1.702x). */
    public static NDArray quickGelu(NDArray x) {
        return x.mul(times(x, 1.702f).getNDArrayInternal().sigmoid());
    }

    public static NDArray activation(String name, NDArray x) {
        switch (name) {
            case "quick_gelu": return quickGelu(x);
            case "gelu": return gelu(x);
            case "silu":
            case "swish": return silu(x);
            default: throw new IllegalArgumentException("unsupported activation '" + name + "'");
        }
    }

    /** Splits (B, N, heads·d) into (B, heads, N, d). */
    public static NDArray splitHeads(NDArray x, int heads) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), heads, s.get(2) / heads).transpose(0, 2, 1, 3);
    }

    /** Merges (B, heads, N, d) back to (B, N, heads·d). */
    public static NDArray mergeHeads(NDArray x) {
        Shape s = x.getShape();
        return x.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), s.get(1) * s.get(3));
    }

    /**
     * softmax(q·kᵀ·scale + mask)·v over (B, heads, N, d); mask (additive) may be null. Computed in float32, which
     * is what diffusers' {@code upcast_attention}/{@code upcast_softmax} cast to.
     */
    public static NDArray attention(NDArray q, NDArray k, NDArray v, float scale, NDArray additiveMaskOrNull) {
        return attentionProbabilities(q, k, scale, additiveMaskOrNull).matMul(v);
    }

    /** softmax(q·kᵀ·scale + mask) over the last axis: (B, heads, N, M), each query's weights over the keys. */
    public static NDArray attentionProbabilities(NDArray q, NDArray k, float scale, NDArray additiveMaskOrNull) {
        NDArray scores = times(q.matMul(k.transpose(0, 1, 3, 2)), scale);
        if (additiveMaskOrNull != null) {
            scores = scores.add(additiveMaskOrNull);
        }
        return scores.softmax(-1);
    }

    /** Nearest-neighbour ×2 upsampling of (B, C, H, W). */
    public static NDArray upsampleNearest2x(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
        return x.reshape(b, c, h, 1, w, 1).broadcast(new Shape(b, c, h, 2, w, 2)).reshape(b, c, h * 2, w * 2);
    }

    /** Concatenation along an axis (a thin alias that keeps call sites short). */
    public static NDArray cat(int axis, NDArray... parts) {
        return NDArrays.concat(new ai.djl.ndarray.NDList(parts), axis);
    }
}
