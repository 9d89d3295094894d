package io.motif.merge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.motif.diffusion.delta.CrossAttentionWeights;
import io.motif.diffusion.delta.CustomDiffusionDelta;
import io.motif.diffusion.pipeline.ModelFolder;
import io.motif.diffusion.safetensors.SafetensorsFile;
import io.motif.diffusion.text.ClipTextEncoder;
import io.motif.diffusion.tokenizer.ClipBpeTokenizer;
import io.motif.diffusion.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.ejml.data.DMatrixRMaj;

/**
 * Merges concept deltas (Motif deltas or diffusers Custom Diffusion files) into one delta in closed form.
 *
 * <p>Each input contributes its concepts (token, category, its fine-tuned K/V); a jointly trained delta
 * contributes several concepts that share its weights. Tokens are renamed {@code <new1>…<newN>} in input order
 * when two inputs use the same name. The text features come from the base model's text encoder with every
 * concept's token added, so the constraints use the same embeddings the merged delta carries.
 */
public final class DeltaMerge {

    /**
     * One input delta.
     *
     * @param categories the category of each of its tokens (in token-name order) when it has no manifest, or to
     *                   override the manifest; empty to use the manifest
     */
    public record Input(Path delta, List<String> categories) {
    }

    /**
     * @param baseModelHash the base model's hash, checked against each input manifest's {@code baseModel}; null
     *                      skips the check (for inputs without a manifest it cannot be made)
     */
    public record Request(Path modelDir, String baseModelHash, List<Input> inputs, List<String> captions,
                          TargetPrompts template, MergeOptions options, Path outDir) {
    }

    /** What was merged and how well. */
    public record Result(List<MergeManifest.Concept> concepts, Map<String, String> renamed, List<LayerReport> layers,
                         int[] removedRows, int regularizationRows, double gramCondition,
                         double constraintCondition) {
    }

    private record Concept(String token, NDArray embedding, String category, int input) {
    }

    private DeltaMerge() {
    }

    /** Runs the merge; {@code tokenizer} null loads the model folder's CLIP tokenizer. */
    public static Result run(Request request, Tokenizer tokenizer) throws IOException {
        if (request.inputs().size() < 2) {
            throw new IllegalArgumentException("a merge needs at least two deltas");
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            List<CustomDiffusionDelta> deltas = new ArrayList<>();
            List<Concept> concepts = new ArrayList<>();
            for (int i = 0; i < request.inputs().size(); i++) {
                Input input = request.inputs().get(i);
                Optional<MergeManifest.Info> info = MergeManifest.read(input.delta());
                checkBaseModel(request.baseModelHash(), input.delta(), info);
                CustomDiffusionDelta delta = CustomDiffusionDelta.read(input.delta(), manager);
                deltas.add(delta);
                concepts.addAll(conceptsOf(delta, input, info, i));
            }
            Map<String, String> renamed = renameOnClash(concepts);
            Tokenizer tok = tokenizer != null ? tokenizer : modelTokenizer(request.modelDir());
            ClipTextEncoder encoder = ClipTextEncoder.load(request.modelDir().resolve("text_encoder"), manager);
            List<Concept> named = new ArrayList<>();
            for (Concept c : concepts) {
                String token = c.token() == null ? null : renamed.getOrDefault(c.token() + "#" + c.input(), c.token());
                if (token != null) {
                    if (tok.idOf(token) >= 0) {
                        throw new IllegalArgumentException("token " + token + " already exists in the base model's "
                                + "tokenizer; rename the concept's token");
                    }
                    int id = tok.addToken(token);
                    int row = encoder.addTokens(c.embedding().reshape(1, -1));
                    if (id != row) {
                        throw new IllegalStateException("tokenizer id " + id + " and embedding row " + row
                                + " disagree for " + token);
                    }
                }
                named.add(new Concept(token, c.embedding(), c.category(), c.input()));
            }

            DMatrixRMaj reg = PromptFeatures.extract(encoder, tok, request.captions());
            List<DMatrixRMaj> perConcept = new ArrayList<>();
            for (Concept c : named) {
                perConcept.add(PromptFeatures.extract(encoder, tok, request.template().prompts(c.token(), c.category())));
            }
            ConceptTargets targets = new ConceptTargets(perConcept);

            List<String> modules = modulesOf(deltas, request.inputs());
            Map<String, DMatrixRMaj> base = new LinkedHashMap<>();
            Map<String, DMatrixRMaj> values = new LinkedHashMap<>();
            Path unetFile = ModelFolder.weightsFile(request.modelDir().resolve("unet"), "diffusion_pytorch_model");
            try (SafetensorsFile unet = SafetensorsFile.open(unetFile)) {
                for (String module : modules) {
                    for (String proj : new String[] {"to_k", "to_v"}) {
                        String name = module + "." + proj + ".weight";
                        base.put(name, DenseTensors.read(unet, name));
                        List<DMatrixRMaj> finetuned = new ArrayList<>();
                        for (Concept c : named) {
                            CrossAttentionWeights w = layer(deltas.get(c.input()), module);
                            finetuned.add(NdMatrices.toMatrix(proj.equals("to_k") ? w.toK() : w.toV()));
                        }
                        values.put(name, targets.rawValues(finetuned));
                    }
                }
            }

            ClosedFormMerge merge = ClosedFormMerge.prepare(reg, targets.rawFeatures(), request.options());
            Map<String, ClosedFormMerge.LayerMerge> merged = merge.mergeAll(base, values);

            List<CrossAttentionWeights> out = new ArrayList<>();
            for (String module : modules) {
                out.add(new CrossAttentionWeights(module,
                        NdMatrices.toFloat32(merged.get(module + ".to_k.weight").weight(), manager),
                        NdMatrices.toFloat32(merged.get(module + ".to_v.weight").weight(), manager),
                        null, null, null));
            }
            Map<String, NDArray> tokens = new LinkedHashMap<>();
            List<MergeManifest.Concept> manifestConcepts = new ArrayList<>();
            for (Concept c : named) {
                if (c.token() != null) {
                    tokens.put(c.token(), c.embedding());
                }
                manifestConcepts.add(new MergeManifest.Concept(c.token(), c.category()));
            }
            try (CustomDiffusionDelta result = CustomDiffusionDelta.of(out, tokens, manager)) {
                result.write(request.outDir());
            }
            List<LayerReport> reports = merged.values().stream().map(ClosedFormMerge.LayerMerge::report).toList();
            Result result = new Result(manifestConcepts, renamedForReport(renamed), reports, merge.removedRows(),
                    reg.numRows, merge.gramCondition(), merge.constraintCondition());
            MergeManifest.write(request.outDir(), request.baseModelHash(), manifestConcepts,
                    request.inputs().stream().map(in -> in.delta().toString()).toList(),
                    mergeSection(request, result));
            deltas.forEach(CustomDiffusionDelta::close);
            return result;
        }
    }

    private static Tokenizer modelTokenizer(Path modelDir) throws IOException {
        Path dir = modelDir.resolve("tokenizer");
        if (!java.nio.file.Files.isRegularFile(dir.resolve("vocab.json"))) {
            throw new IOException(modelDir + " has no tokenizer/ (vocab.json, merges.txt): the merge needs it to "
                    + "encode the captions and target prompts");
        }
        return ClipBpeTokenizer.load(dir);
    }

    private static void checkBaseModel(String expected, Path delta, Optional<MergeManifest.Info> info) {
        if (expected == null || info.isEmpty() || info.get().baseModel() == null) {
            return;
        }
        if (!expected.equals(info.get().baseModel())) {
            throw new IllegalArgumentException(delta + " was trained on base model " + info.get().baseModel()
                    + " but the merge's base model is " + expected + "; merge only deltas of the same base model");
        }
    }

    private static List<Concept> conceptsOf(CustomDiffusionDelta delta, Input input,
                                            Optional<MergeManifest.Info> info, int index) {
        for (CrossAttentionWeights w : delta.layers()) {
            if (w.trainsQueryAndOut()) {
                throw new IllegalArgumentException(input.delta() + " also fine-tunes to_q/to_out (crossattn mode); "
                        + "the closed-form merge covers only K and V, so those weights would be lost");
            }
            if (w.toK() == null || w.toV() == null) {
                throw new IllegalArgumentException(input.delta() + ": layer " + w.module() + " lacks K or V");
            }
        }
        if (delta.layers().isEmpty()) {
            throw new IllegalArgumentException(input.delta() + " holds no cross-attention weights");
        }
        List<String> tokens = new ArrayList<>(delta.tokens().keySet());
        List<String> categories = new ArrayList<>();
        if (!input.categories().isEmpty()) {
            categories.addAll(input.categories());
        } else if (info.isPresent()) {
            for (String token : tokens) {
                categories.add(info.get().concepts().stream().filter(c -> token.equals(c.token()))
                        .map(MergeManifest.Concept::classWord).findFirst().orElse(null));
            }
            if (tokens.isEmpty() && !info.get().concepts().isEmpty()) {
                categories.add(info.get().concepts().get(0).classWord());
            }
        }
        int expected = Math.max(1, tokens.size());
        if (categories.size() != expected || categories.contains(null)) {
            throw new IllegalArgumentException(input.delta() + " needs " + expected + " categor"
                    + (expected == 1 ? "y" : "ies") + " (one per token " + tokens + "): give --category for it, or "
                    + "a manifest.json with concepts[].classWord");
        }
        List<Concept> out = new ArrayList<>();
        if (tokens.isEmpty()) {
            // the reference merges a weights-only checkpoint with the bare category as its prompt
            out.add(new Concept(null, null, categories.get(0), index));
        }
        for (int t = 0; t < tokens.size(); t++) {
            out.add(new Concept(tokens.get(t), delta.tokens().get(tokens.get(t)), categories.get(t), index));
        }
        return out;
    }

    /** "token#input" → new name, filled only when some token name appears in two inputs. */
    private static Map<String, String> renameOnClash(List<Concept> concepts) {
        Set<String> seen = new HashSet<>();
        boolean clash = false;
        for (Concept c : concepts) {
            if (c.token() != null && !seen.add(c.token())) {
                clash = true;
            }
        }
        Map<String, String> renamed = new LinkedHashMap<>();
        if (clash) {
            int next = 1;
            for (Concept c : concepts) {
                if (c.token() != null) {
                    renamed.put(c.token() + "#" + c.input(), "<new" + next++ + ">");
                }
            }
        }
        return renamed;
    }

    private static Map<String, String> renamedForReport(Map<String, String> renamed) {
        Map<String, String> out = new LinkedHashMap<>();
        renamed.forEach((k, v) -> {
            int hash = k.lastIndexOf('#');
            out.put(k.substring(0, hash) + " (input " + (Integer.parseInt(k.substring(hash + 1)) + 1) + ")", v);
        });
        return out;
    }

    private static List<String> modulesOf(List<CustomDiffusionDelta> deltas, List<Input> inputs) {
        Set<String> first = new TreeSet<>();
        deltas.get(0).layers().forEach(w -> first.add(w.module()));
        for (int i = 1; i < deltas.size(); i++) {
            Set<String> other = new TreeSet<>();
            deltas.get(i).layers().forEach(w -> other.add(w.module()));
            if (!other.equals(first)) {
                throw new IllegalArgumentException(inputs.get(i).delta() + " covers different layers than "
                        + inputs.get(0).delta() + ": " + other + " vs " + first);
            }
        }
        return new ArrayList<>(first);
    }

    private static CrossAttentionWeights layer(CustomDiffusionDelta delta, String module) {
        return delta.layers().stream().filter(w -> w.module().equals(module)).findFirst().orElseThrow();
    }

    private static ObjectNode mergeSection(Request request, Result result) {
        ObjectNode n = MergeManifest.object();
        n.put("solver", "closed form, float64, shared Cholesky of C_reg^T C_reg");
        n.put("ridge", request.options().ridge());
        n.put("targetTemplate", request.template().name());
        n.put("captions", request.captions().size());
        n.put("regularizationRows", result.regularizationRows());
        ArrayNode removed = n.putArray("removedDuplicateTargetRows");
        for (int r : result.removedRows()) {
            removed.add(r);
        }
        n.put("gramConditionEstimate", result.gramCondition());
        n.put("constraintConditionEstimate", result.constraintCondition());
        ObjectNode renamed = n.putObject("renamedTokens");
        result.renamed().forEach(renamed::put);
        n.set("layers", MergeManifest.layers(result.layers()));
        return n;
    }
}
