package io.motif.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes {@code manifest.json} beside a delta. Reading needs only the fields every Motif delta has
 * ({@code baseModel}, {@code concepts[].token}, {@code concepts[].classWord}); a merge writes the same fields plus
 * a {@code merge} section with its settings and the per-layer report.
 */
public final class MergeManifest {

    public static final String FILE = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One concept of a delta: its modifier token and its category word(s). */
    public record Concept(String token, String classWord) {
    }

    /** What a delta's manifest says about it. */
    public record Info(String baseModel, List<Concept> concepts) {
    }

    private MergeManifest() {
    }

    /** The manifest next to a delta folder (or next to a delta file), if there is one. */
    public static Optional<Info> read(Path delta) throws IOException {
        Path dir = Files.isDirectory(delta) ? delta : delta.toAbsolutePath().getParent();
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode root = JSON.readTree(file.toFile());
        String base = root.hasNonNull("baseModel") ? root.get("baseModel").asText() : null;
        List<Concept> concepts = new ArrayList<>();
        if (root.has("concepts")) {
            for (JsonNode c : root.get("concepts")) {
                concepts.add(new Concept(c.path("token").asText(null), c.path("classWord").asText(null)));
            }
        }
        return Optional.of(new Info(base, concepts));
    }

    /** Writes the merged delta's manifest. */
    public static void write(Path dir, String baseModel, List<Concept> concepts, List<String> sources,
                             ObjectNode mergeSection) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "motif-custom-diffusion/1");
        root.put("method", "custom-diffusion-merge");
        if (baseModel != null) {
            root.put("baseModel", baseModel);
        }
        root.put("created", Instant.now().toString());
        ArrayNode cs = root.putArray("concepts");
        for (Concept c : concepts) {
            ObjectNode n = cs.addObject();
            n.put("token", c.token());
            n.put("classWord", c.classWord());
        }
        ArrayNode src = root.putArray("mergedFrom");
        sources.forEach(src::add);
        root.set("merge", mergeSection);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    /** The per-layer report as JSON. */
    public static ArrayNode layers(List<LayerReport> reports) {
        ArrayNode out = JSON.createArrayNode();
        for (LayerReport r : reports) {
            ObjectNode n = out.addObject();
            n.put("layer", r.layer());
            n.put("constraintResidual", r.constraintResidual());
            n.put("regularizationRms", r.regularizationRms());
            n.put("targetRms", r.targetRms());
            n.put("maxAbsChange", r.maxAbsChange());
        }
        return out;
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
