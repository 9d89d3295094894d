package io.motif.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.motif.diffusion.delta.CrossAttentionWeights;
import io.motif.diffusion.delta.CustomDiffusionDelta;
import io.motif.diffusion.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes a trainer's result in diffusers' Custom Diffusion format (through the core's {@link CustomDiffusionDelta}):
 * {@code pytorch_custom_diffusion_weights.safetensors} with every cross-attention layer's full fine-tuned K/V (and Q,
 * out in {@code crossattn} mode) and one {@code <newN>.safetensors} per modifier token; {@code token_only} writes the
 * token files alone, {@code all_unet} the token files and the whole UNet ({@link #FULL_UNET_FILE}).
 */
public final class DeltaExport {
  /** Where an all-UNet run's fine-tuned UNet goes, relative to the output folder (diffusers' layout of a UNet). */
  public static final String FULL_UNET_FILE = "unet/diffusion_pytorch_model.safetensors";

  private DeltaExport() {}

  public static void write(CustomDiffusionTrainer trainer, Map<String, NDArray> unetWeights, Path dir, NDManager manager)
      throws IOException {
    if (trainer.options().trained() == TrainedWeights.ALL_UNET) {
      writeFullUnet(trainer, unetWeights, dir, manager);
      return;
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
    // TOKEN_ONLY trains no UNet weight: no layers, and the delta is the token files alone
    Map<String, NDArray> tokens = new LinkedHashMap<>(trainer.tokenRows());
    try (CustomDiffusionDelta delta = CustomDiffusionDelta.of(layers, tokens, manager)) {
      delta.write(dir);
    }
  }

  /**
   * An all-UNet run changes every UNet weight, so it is no Custom Diffusion delta: its token files go into {@code dir}
   * as usual and the whole fine-tuned UNet into {@value #FULL_UNET_FILE} (a subfolder, so a delta reader that lists
   * {@code dir}'s own safetensors files sees just the tokens). Its size is the honest storage cost of the method.
   */
  private static void writeFullUnet(CustomDiffusionTrainer trainer, Map<String, NDArray> unetWeights, Path dir,
      NDManager manager) throws IOException {
    try (CustomDiffusionDelta delta = CustomDiffusionDelta.of(List.of(), new LinkedHashMap<>(trainer.tokenRows()),
        manager)) {
      delta.write(dir);
    }
    SafetensorsWriter w = new SafetensorsWriter().metadata("format", "pt");
    new TreeMap<>(unetWeights).forEach((name, a) -> w.add(name, a));
    Path file = dir.resolve(FULL_UNET_FILE);
    Files.createDirectories(file.getParent());
    w.write(file);
  }
}
