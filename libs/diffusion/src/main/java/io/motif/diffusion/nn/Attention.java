package io.motif.diffusion.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

import java.util.List;

/**
 * diffusers' Attention with the plain processor: to_q/to_k/to_v (bias when the weights hold one), multi-head
 * softmax(q·kᵀ/√d)·v, then to_out.0. For cross-attention, {@code detachBos} keeps the key and value rows at token
 * position 0 out of the gradient while leaving the forward value unchanged (Custom Diffusion's training trick).
 * A caller may also ask for the attention probabilities themselves (a grounding loss reads them).
 */
public final class Attention {

    private final Dense toQ;
    private final Dense toK;
    private final Dense toV;
    private final Dense toOut;
    private final int heads;

    public Attention(Parameters p, String prefix, int heads) {
        this.toQ = new Dense(p, prefix + ".to_q");
        this.toK = new Dense(p, prefix + ".to_k");
        this.toV = new Dense(p, prefix + ".to_v");
        this.toOut = new Dense(p, prefix + ".to_out.0");
        this.heads = heads;
    }

    /** @param context (B, M, D) for cross-attention, or null for self-attention over {@code x} (B, N, C) */
    public NDArray forward(NDArray x, NDArray context, boolean detachBos) {
        return forward(x, context, detachBos, null, false);
    }

    /**
     * As {@link #forward(NDArray, NDArray, boolean)}, and when {@code mapsOrNull} is non-null the softmax
     * probabilities (B, heads, N, M) are appended to it. With {@code mapsNoGradient} the appended maps are
     * recomputed from keys of the detached context: the same values, but a loss on them reaches the queries and
     * the key projection, not the context through the keys.
     */
    public NDArray forward(NDArray x, NDArray context, boolean detachBos, List<NDArray> mapsOrNull,
                           boolean mapsNoGradient) {
        NDArray ctx = context == null ? x : context;
        NDArray q = toQ.forward(x);
        NDArray k = toK.forward(ctx);
        NDArray v = toV.forward(ctx);
        if (detachBos && context != null) {
            k = detachFirstToken(k);
            v = detachFirstToken(v);
        }
        long dim = q.getShape().get(2);
        float scale = (float) Math.pow(dim / (double) heads, -0.5);
        NDArray qh = Ops.splitHeads(q, heads);
        NDArray kh = Ops.splitHeads(k, heads);
        NDArray vh = Ops.splitHeads(v, heads);
        NDArray probs = Ops.attentionProbabilities(qh, kh, scale, null);
        if (mapsOrNull != null) {
            mapsOrNull.add(mapsNoGradient && context != null
                    ? Ops.attentionProbabilities(qh, Ops.splitHeads(toK.forward(ctx.stopGradient()), heads), scale, null)
                    : probs);
        }
        return toOut.forward(Ops.mergeHeads(probs.matMul(vh)));
    }

    private static NDArray detachFirstToken(NDArray t) {
        return Ops.cat(1, t.get(new NDIndex(":, 0:1")).stopGradient(), t.get(new NDIndex(":, 1:")));
    }
}
