package io.motif.merger.jobs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.motif.diffusion.delta.CrossAttentionWeights;
import io.motif.diffusion.delta.CustomDiffusionDelta;
import io.motif.diffusion.safetensors.SafetensorsFile;
import io.motif.merge.MergeManifest;
import io.motif.training.ModelHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Concept deltas for motif-tiny made without training: every cross-attention K/V of the base UNet plus seeded noise,
 * and a token embedding copied from a rare word plus noise (as training starts it), with the manifest a trained
 * delta has. A merge test needs deltas of the right shapes and base model, not good concepts.
 */
final class TestDeltas {

    static final Path MODEL = Path.of("../../models/motif-tiny");
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestDeltas() {
    }

    /** Writes a delta folder; {@code modules} null means every cross-attention layer of the UNet. */
    static Path write(Path dir, String token, String category, long seed, List<String> modules) throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
             SafetensorsFile unet = SafetensorsFile.open(MODEL.resolve("unet/diffusion_pytorch_model.safetensors"));
             SafetensorsFile text = SafetensorsFile.open(MODEL.resolve("text_encoder/model.safetensors"))) {
            manager.getEngine().setRandomSeed((int) seed);
            List<CrossAttentionWeights> layers = new ArrayList<>();
            for (String module : modules != null ? modules : crossAttentionModules()) {
                NDArray k = unet.loadFloat32(module + ".to_k.weight", manager);
                NDArray v = unet.loadFloat32(module + ".to_v.weight", manager);
                layers.add(new CrossAttentionWeights(module, k.add(manager.randomNormal(k.getShape()).mul(0.05f)),
                        v.add(manager.randomNormal(v.getShape()).mul(0.05f)), null, null, null));
            }
            NDArray table = text.loadFloat32("text_model.embeddings.token_embedding.weight", manager);
            NDArray rare = table.get(rareTokenId());
            NDArray embedding = rare.add(manager.randomNormal(rare.getShape()).mul(0.05f));
            try (CustomDiffusionDelta delta = CustomDiffusionDelta.of(layers, Map.of(token, embedding), manager)) {
                delta.write(dir);
            }
        }
        ObjectNode manifest = JSON.createObjectNode().put("format", "motif-custom-diffusion/1")
                .put("method", "custom-diffusion").put("baseModel", ModelHash.of(MODEL));
        manifest.putArray("concepts").addObject().put("token", token).put("classWord", category);
        Files.writeString(dir.resolve(MergeManifest.FILE), manifest.toString());
        return dir;
    }

    /** The UNet's cross-attention modules, e.g. {@code mid_block.attentions.0.transformer_blocks.0.attn2}. */
    static List<String> crossAttentionModules() throws Exception {
        try (SafetensorsFile unet = SafetensorsFile.open(MODEL.resolve("unet/diffusion_pytorch_model.safetensors"))) {
            return unet.names().stream().filter(n -> n.endsWith(".attn2.to_k.weight"))
                    .map(n -> n.substring(0, n.length() - ".to_k.weight".length())).sorted().toList();
        }
    }

    private static int rareTokenId() throws Exception {
        return JSON.readTree(MODEL.resolve("tokenizer/vocab.json").toFile()).get("ktn</w>").asInt();
    }
}
