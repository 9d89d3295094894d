package io.motif.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.motif.diffusion.delta.CrossAttentionWeights;
import io.motif.diffusion.delta.CustomDiffusionDelta;
import io.motif.diffusion.safetensors.SafetensorsFile;
import io.motif.diffusion.tokenizer.WordLevelTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole merge on the public fixture: two diffusers-format deltas (the fixture's W1 and W2, both calling their
 * token {@code <new1>}), features recomputed with the fixture's text encoder, W0 from its UNet.
 */
class DeltaMergeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static MergeFixture fixture;
    private static JsonNode prompts;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws Exception {
        fixture = MergeFixture.load(MergeParitySuiteTest.fixtures());
        prompts = JSON.readTree(MergeParitySuiteTest.fixtures().resolve("merge_prompts.json").toFile());
    }

    @Test
    void mergesTwoDiffusersDeltasLikeTheReference() throws Exception {
        Path a = writeDelta(0, tmp.resolve("a"));
        Path b = writeDelta(1, tmp.resolve("b"));
        Path out = tmp.resolve("merged");

        DeltaMerge.Result result = DeltaMerge.run(request(a, b, null, out), tokenizer());

        assertThat(result.concepts()).extracting(MergeManifest.Concept::token).containsExactly("<new1>", "<new2>");
        assertThat(result.renamed()).containsValues("<new1>", "<new2>");
        assertThat(result.removedRows()).containsExactly(fixture.storedRemovedRows());
        assertThat(result.layers()).hasSize(12)
                .allSatisfy(r -> assertThat(r.constraintResidual()).isLessThan(1e-9));

        try (NDManager manager = NDManager.newBaseManager();
             CustomDiffusionDelta merged = CustomDiffusionDelta.read(out, manager)) {
            assertThat(merged.tokens()).containsOnlyKeys("<new1>", "<new2>");
            double worst = 0;
            for (CrossAttentionWeights w : merged.layers()) {
                worst = Math.max(worst, relative(w.toK(), fixture.expected().get(w.module() + ".to_k.weight")));
                worst = Math.max(worst, relative(w.toV(), fixture.expected().get(w.module() + ".to_v.weight")));
            }
            // features recomputed in float32 (~1e-6 off the stored ones) move the stiff public merge by ~1e-4
            assertThat(worst).isLessThan(5e-3);
        }
        JsonNode manifest = JSON.readTree(out.resolve(MergeManifest.FILE).toFile());
        assertThat(manifest.path("concepts")).hasSize(2);
        assertThat(manifest.path("merge").path("layers")).hasSize(12);
        assertThat(manifest.path("merge").path("captions").asInt()).isEqualTo(200);
    }

    @Test
    void refusesADeltaMadeForAnotherBaseModel() throws Exception {
        Path a = writeDelta(0, tmp.resolve("a"));
        Path b = writeDelta(1, tmp.resolve("b"));
        Files.writeString(b.resolve(MergeManifest.FILE),
                "{\"baseModel\":\"sha256:other\",\"concepts\":[{\"token\":\"<new1>\",\"classWord\":\"wooden pot\"}]}");
        assertThatThrownBy(() -> DeltaMerge.run(request(a, b, "sha256:this", tmp.resolve("out")), tokenizer()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sha256:other")
                .hasMessageContaining("same base model");
    }

    private DeltaMerge.Request request(Path a, Path b, String hash, Path out) {
        List<String> captions = new ArrayList<>();
        prompts.get("reg_captions").forEach(c -> captions.add(c.asText()));
        return new DeltaMerge.Request(MergeParitySuiteTest.fixtures(), hash,
                List.of(new DeltaMerge.Input(a, List.of("cat")), new DeltaMerge.Input(b, List.of("wooden pot"))),
                captions, TargetPrompts.A_PHOTO_OF, MergeOptions.exact(), out);
    }

    private static WordLevelTokenizer tokenizer() {
        Map<String, Integer> vocab = new HashMap<>();
        prompts.get("toy_vocab").fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
        return new WordLevelTokenizer(vocab, prompts.get("bos").asInt(), prompts.get("eos").asInt(),
                prompts.get("pad").asInt(), 1000, 77);
    }

    /** Concept k of the fixture as a diffusers Custom Diffusion folder whose token is called {@code <new1>}. */
    private static Path writeDelta(int k, Path dir) throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
             SafetensorsFile file = SafetensorsFile.open(MergeParitySuiteTest.fixtures().resolve(MergeFixture.FILE))) {
            List<CrossAttentionWeights> layers = new ArrayList<>();
            for (String name : fixture.base().keySet()) {
                if (name.endsWith(".to_k.weight")) {
                    String module = name.substring(0, name.length() - ".to_k.weight".length());
                    layers.add(new CrossAttentionWeights(module,
                            NdMatrices.toFloat32(fixture.finetuned().get(k).get(name), manager),
                            NdMatrices.toFloat32(fixture.finetuned().get(k).get(module + ".to_v.weight"), manager),
                            null, null, null));
                }
            }
            DMatrixRMaj embeds = DenseTensors.read(file, "modifier_token_embeds");
            DMatrixRMaj row = new DMatrixRMaj(1, embeds.numCols);
            System.arraycopy(embeds.data, k * embeds.numCols, row.data, 0, embeds.numCols);
            NDArray embedding = NdMatrices.toFloat32(row, manager).reshape(embeds.numCols);
            try (CustomDiffusionDelta delta = CustomDiffusionDelta.of(layers, Map.of("<new1>", embedding), manager)) {
                delta.write(dir);
            }
        }
        return dir;
    }

    private static double relative(NDArray actual, DMatrixRMaj expected) {
        return MergeParitySuite.relativeError(NdMatrices.toMatrix(actual), expected);
    }
}
