package io.motif.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} beside a delta: what base model it belongs to, which tokens and class words it adds, and how it
 * was trained (every hyper-parameter, steps, loss curve, time, device), so a delta explains itself.
 */
public final class TrainingManifest {
  public static final String FILE = "manifest.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private TrainingManifest() {}

  public static void write(Path dir, String baseModelHash, List<ConceptSpec> concepts, Map<String, Integer> tokenIds,
      TokenInit init, TrainOptions o, TrainingResult result, String device) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "motif-custom-diffusion/1");
    root.put("method", "custom-diffusion");
    root.put("baseModel", baseModelHash);
    root.put("created", Instant.now().toString());
    ArrayNode cs = root.putArray("concepts");
    for (ConceptSpec c : concepts) {
      ObjectNode n = cs.addObject();
      n.put("token", c.token());
      n.put("tokenId", tokenIds.get(c.token()));
      n.put("classWord", c.classWord());
      n.put("instancePrompt", c.instancePrompt());
      n.put("classPrompt", c.classPrompt());
    }
    root.putPOJO("tokenInit", init.words());
    ObjectNode h = root.putObject("hyperParameters");
    h.put("trained", o.trained().name().toLowerCase(java.util.Locale.ROOT));
    h.put("steps", o.steps());
    h.put("batchSize", o.batchSize());
    h.put("microBatch", o.microBatch());
    h.put("learningRate", o.effectiveLearningRate());
    h.put("tokenLearningRate", o.effectiveTokenLearningRate());
    if (o.token().bounded()) {
      h.put("tokenMaxNorm", o.token().maxNorm());
    }
    h.put("adamBeta1", o.adam().beta1());
    h.put("adamBeta2", o.adam().beta2());
    h.put("weightDecay", o.adam().weightDecay());
    h.put("adamEps", o.adam().eps());
    h.put("maxGradNorm", o.maxGradNorm());
    h.put("priorLossWeight", o.priorLossWeight());
    h.put("detachBos", o.detachBos());
    h.put("decayFrozenEmbeddingRows", o.decayFrozenEmbeddingRows());
    h.put("seed", o.seed());
    h.put("rng", "SplitMix64 streams (Box-Muller normals)");
    ObjectNode d = h.putObject("data");
    d.put("size", o.data().size());
    d.put("fit", o.data().fit().name());
    d.put("resampling", o.data().resampling().name());
    d.put("flip", o.data().flip());
    d.put("augment", o.data().augment());
    d.put("middleBand", o.data().middleBand().name());
    root.put("stepsDone", result.steps());
    ArrayNode curve = root.putArray("lossCurve");
    result.lossCurve().forEach(curve::add);
    root.put("trainingSeconds", result.seconds());
    root.put("device", device);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
  }
}
