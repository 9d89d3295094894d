package io.motif.diffusion.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.motif.diffusion.nn.Attention;
import io.motif.diffusion.nn.Norm;
import io.motif.diffusion.nn.Parameters;
import io.motif.diffusion.nn.ResnetBlock2D;

/** UNetMidBlock2D as the VAE uses it: resnet → single-head spatial self-attention (optional) → resnet. */
final class MidBlock {

    private static final float EPS = 1e-6f;

    private final ResnetBlock2D resnet0;
    private final Norm attnNorm;
    private final Attention attention;
    private final ResnetBlock2D resnet1;

    MidBlock(Parameters p, String prefix, int groups, boolean withAttention) {
        resnet0 = new ResnetBlock2D(p, prefix + ".resnets.0", groups, EPS, 1f);
        if (withAttention) {
            attnNorm = Norm.group(p, prefix + ".attentions.0.group_norm", groups, EPS);
            // diffusers builds it with attention_head_dim = channels: one head
            attention = new Attention(p, prefix + ".attentions.0", 1);
        } else {
            attnNorm = null;
            attention = null;
        }
        resnet1 = new ResnetBlock2D(p, prefix + ".resnets.1", groups, EPS, 1f);
    }

    NDArray forward(NDArray x) {
        x = resnet0.forward(x, null);
        if (attention != null) {
            Shape s = x.getShape();
            long b = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
            NDArray seq = attnNorm.forward(x).reshape(b, c, h * w).transpose(0, 2, 1);
            NDArray a = attention.forward(seq, null, false);
            x = a.transpose(0, 2, 1).reshape(b, c, h, w).add(x);
        }
        return resnet1.forward(x, null);
    }
}
