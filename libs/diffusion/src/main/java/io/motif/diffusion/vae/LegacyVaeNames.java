package io.motif.diffusion.vae;

import ai.djl.ndarray.NDArray;
import io.motif.diffusion.nn.Parameters;

import java.util.ArrayList;

/**
 * Older VAE checkpoints name the mid-block attention {@code query/key/value/proj_attn} and may store them as
 * 1×1 convolutions; they are the same tensors as diffusers' current {@code to_q/to_k/to_v/to_out.0} linears.
 */
final class LegacyVaeNames {

    private LegacyVaeNames() {
    }

    static void upgrade(Parameters p) {
        String[][] map = {{".query.", ".to_q."}, {".key.", ".to_k."}, {".value.", ".to_v."}, {".proj_attn.", ".to_out.0."}};
        for (String name : new ArrayList<>(p.view().keySet())) {
            if (!name.contains("mid_block.attentions.")) {
                continue;
            }
            for (String[] m : map) {
                if (name.contains(m[0])) {
                    p.rename(name, name.replace(m[0], m[1]));
                }
            }
        }
        for (String name : new ArrayList<>(p.view().keySet())) {
            if (name.contains("mid_block.attentions.") && name.endsWith(".weight") && !name.contains("group_norm")) {
                NDArray w = p.get(name);
                if (w.getShape().dimension() == 4) {
                    // a copy, not a view: put() closes w, and a view of an array made from Java memory would
                    // read freed memory once the collector takes that buffer
                    p.put(name, w.reshape(w.getShape().get(0), w.getShape().get(1)).duplicate());
                }
            }
        }
    }
}
