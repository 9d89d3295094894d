package io.motif.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.motif.diffusion.safetensors.SafetensorsFile;
import io.motif.diffusion.safetensors.SafetensorsWriter;
import io.motif.files.Folders;
import io.motif.training.data.DataOrder;
import io.motif.training.data.TrainingData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint folder: everything needed to continue a run as if it had not stopped.
 * <ul>
 *   <li>{@code state.safetensors}: {@code unet.<name>} trained UNet tensors, {@code token.<tok>} modifier rows,
 *       {@code adam.exp_avg.<param>} / {@code adam.exp_avg_sq.<param>} AdamW moments;</li>
 *   <li>{@code state.json}: step, AdamW step, token ids, every generator's state, the data order (epoch, position,
 *       permutation) and the loss curve so far.</li>
 * </ul>
 * The frozen token rows are not stored: they were only weight-decayed, which a resume replays exactly.
 */
public final class TrainingCheckpoint {
  static final String TENSORS = "state.safetensors";
  static final String STATE = "state.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private TrainingCheckpoint() {}

  /** The folder name of the checkpoint after {@code step} steps. */
  public static String folderName(int step) {
    return String.format("checkpoint-%06d", step);
  }

  public static Path save(CustomDiffusionTrainer trainer, Path parent) throws IOException {
    Path dir = parent.resolve(folderName(trainer.step()));
    Path tmp = parent.resolve(dir.getFileName() + ".partial");
    Files.createDirectories(tmp);
    SafetensorsWriter w = new SafetensorsWriter();
    trainer.unetTrainable().forEach((k, a) -> w.add("unet." + k, a));
    trainer.tokenRows().forEach((k, a) -> w.add("token." + k, a));
    trainer.optimizer().expAvg().forEach((k, a) -> w.add("adam.exp_avg." + k, a));
    trainer.optimizer().expAvgSq().forEach((k, a) -> w.add("adam.exp_avg_sq." + k, a));
    w.metadata("format", "motif-training-checkpoint/1");
    w.write(tmp.resolve(TENSORS));

    ObjectNode s = JSON.createObjectNode();
    s.put("step", trainer.step());
    s.put("adamStep", trainer.optimizer().step());
    ObjectNode tokens = s.putObject("tokens");
    trainer.tokenIds().forEach(tokens::put);
    ObjectNode rng = s.putObject("rng");
    rng.put("vae", trainer.vaeRng.state());
    rng.put("timesteps", trainer.timestepRng.state());
    rng.put("noise", trainer.noiseRng.state());
    TrainingData.State d = trainer.data().state();
    ObjectNode data = s.putObject("data");
    data.put("epoch", d.order().epoch());
    data.put("position", d.order().position());
    data.put("orderRng", d.order().rngState());
    data.put("augmentRng", d.augmentRngState());
    ArrayNode perm = data.putArray("permutation");
    for (int i : d.order().permutation()) {
      perm.add(i);
    }
    ArrayNode curve = s.putArray("lossCurve");
    trainer.lossCurve().forEach(curve::add);
    s.put("seed", trainer.options().seed());
    Files.writeString(tmp.resolve(STATE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(s));
    // a crash mid-write leaves only a .partial folder, never a checkpoint that looks complete
    Folders.deleteRecursively(dir);
    Files.move(tmp, dir);
    return dir;
  }

  /** The newest complete checkpoint folder under {@code parent}, or null. */
  public static Path latest(Path parent) throws IOException {
    if (!Files.isDirectory(parent)) {
      return null;
    }
    try (var s = Files.list(parent)) {
      return s.filter(p -> p.getFileName().toString().matches("checkpoint-\\d{6}"))
          .filter(p -> Files.exists(p.resolve(STATE)))
          .max(Path::compareTo)
          .orElse(null);
    }
  }

  /** A loaded checkpoint; tensors belong to the given manager. */
  public record Loaded(int step, int adamStep, Map<String, Integer> tokens, Map<String, Long> rng,
      TrainingData.State data, List<Double> lossCurve, Map<String, NDArray> tensors) {}

  public static Loaded load(Path dir, NDManager manager) throws IOException {
    JsonNode s = JSON.readTree(Files.readString(dir.resolve(STATE)));
    Map<String, Integer> tokens = new LinkedHashMap<>();
    s.get("tokens").fields().forEachRemaining(e -> tokens.put(e.getKey(), e.getValue().asInt()));
    Map<String, Long> rng = new LinkedHashMap<>();
    s.get("rng").fields().forEachRemaining(e -> rng.put(e.getKey(), e.getValue().asLong()));
    JsonNode d = s.get("data");
    int[] perm = new int[d.get("permutation").size()];
    for (int i = 0; i < perm.length; i++) {
      perm[i] = d.get("permutation").get(i).asInt();
    }
    TrainingData.State data = new TrainingData.State(
        new DataOrder.State(d.get("epoch").asInt(), d.get("position").asInt(), perm, d.get("orderRng").asLong()),
        d.get("augmentRng").asLong());
    List<Double> curve = new ArrayList<>();
    s.get("lossCurve").forEach(n -> curve.add(n.asDouble()));
    Map<String, NDArray> tensors = new LinkedHashMap<>();
    try (SafetensorsFile f = SafetensorsFile.open(dir.resolve(TENSORS))) {
      for (String name : f.names()) {
        tensors.put(name, f.load(name, manager));
      }
    }
    return new Loaded(s.get("step").asInt(), s.get("adamStep").asInt(), tokens, rng, data, curve, tensors);
  }
}
