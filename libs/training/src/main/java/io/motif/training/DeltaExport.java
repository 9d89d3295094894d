package io.motif.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.motif.diffusion.delta.CrossAttentionWeights;
import io.motif.diffusion.delta.CustomDiffusionDelta;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes a trainer's result in diffusers' Custom Diffusion format (through the core's {@link CustomDiffusionDelta}):
 * {@code pytorch_custom_diffusion_weights.safetensors} with every cross-attention layer's full fine-tuned K/V (and Q,
 * out in {@code crossattn} mode) and one {@code <newN>.safetensors} per modifier token.
 */
public final class DeltaExport {
  private DeltaExport() {}

  public static void write(CustomDiffusionTrainer trainer, Map<String, NDArray> unetWeights, Path dir, NDManager manager)
      throws IOException {
    if (trainer.options().trained() == TrainedWeights.ALL_UNET) {
      throw new IllegalStateException("an all-UNet run is not a Custom Diffusion delta");
    }
    boolean queryAndOut = trainer.options().trained() == TrainedWeights.CROSSATTN;
    TreeSet<String> modules = new TreeSet<>();
    for (String name : trainer.unetTrainable().keySet()) {
      int at = name.indexOf(".attn2.");
      modules.add(name.substring(0, at + ".attn2".length()));
    }
    List<CrossAttentionWeights> layers = new ArrayList<>();
    for (String mod : modules) {
      layers.add(new CrossAttentionWeights(mod, unetWeights.get(mod + ".to_k.weight"), unetWeights.get(mod + ".to_v.weight"),
          queryAndOut ? unetWeights.get(mod + ".to_q.weight") : null,
          queryAndOut ? unetWeights.get(mod + ".to_out.0.weight") : null,
          queryAndOut ? unetWeights.get(mod + ".to_out.0.bias") : null));
    }
    Map<String, NDArray> tokens = new LinkedHashMap<>(trainer.tokenRows());
    try (CustomDiffusionDelta delta = CustomDiffusionDelta.of(layers, tokens, manager)) {
      delta.write(dir);
    }
  }
}
