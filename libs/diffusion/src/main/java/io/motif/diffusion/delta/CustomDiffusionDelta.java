package io.motif.diffusion.delta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.motif.diffusion.nn.Parameters;
import io.motif.diffusion.pipeline.StableDiffusionModel;
import io.motif.diffusion.safetensors.SafetensorsFile;
import io.motif.diffusion.safetensors.SafetensorsWriter;
import io.motif.diffusion.unet.UNet2DConditionModel;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Custom Diffusion concept in diffusers' file format: per cross-attention layer its fine-tuned K/V (and in
 * {@code crossattn} mode Q and to_out) from {@code pytorch_custom_diffusion_weights.safetensors}
 * ({@code <module>.processor.to_k_custom_diffusion.weight} …), and per modifier token its embedding row from
 * {@code <newN>.safetensors} ({@code {"<newN>": [dim]}}). Reads every safe variant diffusers writes, refuses
 * pickles, fails on keys it would not apply, and writes the same names, dtypes and bytes back.
 */
public final class CustomDiffusionDelta implements AutoCloseable {

    public static final String WEIGHTS_FILE = "pytorch_custom_diffusion_weights.safetensors";
    private static final Pattern KEY = Pattern.compile(
            "(.+\\.attn2)\\.processor\\.(to_k_custom_diffusion\\.weight|to_v_custom_diffusion\\.weight|to_q_custom_diffusion\\.weight|"
            + "to_out_custom_diffusion\\.0\\.weight|to_out_custom_diffusion\\.0\\.bias)");
    private static final Pattern TOKEN = Pattern.compile("<[^<>\\s]+>");

    private final NDManager manager;
    private final Map<String, Map<String, NDArray>> layers;
    private final Map<String, NDArray> tokens;
    private final Map<String, String> metadata;

    private CustomDiffusionDelta(NDManager manager, Map<String, Map<String, NDArray>> layers, Map<String, NDArray> tokens,
                                 Map<String, String> metadata) {
        this.manager = manager;
        this.layers = layers;
        this.tokens = tokens;
        this.metadata = metadata;
    }

    /** An in-memory delta (e.g. from a trainer); arrays are copied into a manager the delta owns. */
    public static CustomDiffusionDelta of(List<CrossAttentionWeights> weights, Map<String, NDArray> tokenEmbeddings, NDManager parent) {
        NDManager m = parent.newSubManager();
        Map<String, Map<String, NDArray>> ls = new TreeMap<>();
        for (CrossAttentionWeights w : weights) {
            Map<String, NDArray> l = new TreeMap<>();
            putCopy(l, "to_k_custom_diffusion.weight", w.toK(), m);
            putCopy(l, "to_v_custom_diffusion.weight", w.toV(), m);
            putCopy(l, "to_q_custom_diffusion.weight", w.toQ(), m);
            putCopy(l, "to_out_custom_diffusion.0.weight", w.toOutWeight(), m);
            putCopy(l, "to_out_custom_diffusion.0.bias", w.toOutBias(), m);
            ls.put(w.module(), l);
        }
        Map<String, NDArray> toks = new LinkedHashMap<>();
        tokenEmbeddings.forEach((k, v) -> toks.put(k, copy(v, m)));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        return new CustomDiffusionDelta(m, ls, toks, meta);
    }

    /** Captures a model's current attn2 K/V (and optionally Q/out) and the given tokens' embedding rows. */
    public static CustomDiffusionDelta capture(StableDiffusionModel model, boolean withQueryAndOut, List<String> tokenNames) {
        Parameters p = model.unet().parameters();
        List<CrossAttentionWeights> ws = new ArrayList<>();
        for (String k : model.unet().names(n -> n.endsWith(".attn2.to_k.weight"))) {
            String mod = k.substring(0, k.length() - ".to_k.weight".length());
            ws.add(new CrossAttentionWeights(mod, p.get(mod + ".to_k.weight"), p.get(mod + ".to_v.weight"),
                    withQueryAndOut ? p.get(mod + ".to_q.weight") : null,
                    withQueryAndOut ? p.get(mod + ".to_out.0.weight") : null,
                    withQueryAndOut ? p.get(mod + ".to_out.0.bias") : null));
        }
        Map<String, NDArray> toks = new LinkedHashMap<>();
        NDArray table = model.textEncoder().parameters().get(io.motif.diffusion.text.ClipTextEncoder.TOKEN_TABLE);
        for (String t : tokenNames) {
            int id = model.tokenizer() == null ? -1 : model.tokenizer().idOf(t);
            if (id < 0) {
                throw new IllegalArgumentException("token " + t + " is not in the model's tokenizer");
            }
            toks.put(t, table.get(id));
        }
        return of(ws, toks, model.manager());
    }

    private static void putCopy(Map<String, NDArray> l, String key, NDArray a, NDManager m) {
        if (a != null) {
            l.put(key, copy(a, m));
        }
    }

    private static NDArray copy(NDArray a, NDManager m) {
        NDArray c = a.stopGradient().duplicate();
        c.attach(m);
        return c;
    }

    /**
     * Reads a delta from a folder ({@value #WEIGHTS_FILE} and/or {@code <token>.safetensors} files) or from one
     * file (a weights file, or a single-token embedding file named after its token).
     */
    public static CustomDiffusionDelta read(Path path, NDManager parent) throws IOException {
        if (Files.isDirectory(path)) {
            return readFolder(path, parent);
        }
        if (path.getFileName().toString().endsWith(".bin") || path.getFileName().toString().endsWith(".ckpt")
            || path.getFileName().toString().endsWith(".pt")) {
            throw refusePickle(path);
        }
        return fromWeightFile(path, parent, k -> true);
    }

    private static IOException refusePickle(Path p) {
        return new IOException(p + " is a PyTorch pickle (.bin/.ckpt/.pt); pickles can run code when loaded and are refused."
                               + " Re-save it with safetensors (diffusers: save_attn_procs(..., safe_serialization=True)).");
    }

    private static CustomDiffusionDelta readFolder(Path dir, NDManager parent) throws IOException {
        List<Path> files = new ArrayList<>();
        List<Path> pickles = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                String n = f.getFileName().toString();
                if (n.endsWith(".safetensors")) {
                    files.add(f);
                } else if (n.endsWith(".bin") || n.endsWith(".ckpt") || n.endsWith(".pt")) {
                    pickles.add(f);
                }
            }
        }
        if (files.isEmpty()) {
            if (!pickles.isEmpty()) {
                throw refusePickle(pickles.get(0));
            }
            throw new IOException(dir + " holds no Custom Diffusion safetensors files");
        }
        Collections.sort(files);
        NDManager m = parent.newSubManager();
        Map<String, Map<String, NDArray>> ls = new TreeMap<>();
        Map<String, NDArray> toks = new TreeMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        try {
            for (Path f : files) {
                readInto(f, m, k -> true, ls, toks, meta);
            }
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
        return new CustomDiffusionDelta(m, ls, toks, meta);
    }

    /** Reads one file; keys rejected by {@code keep} are skipped (use for files that carry other tensors too). */
    public static CustomDiffusionDelta fromWeightFile(Path file, NDManager parent, Predicate<String> keep) throws IOException {
        NDManager m = parent.newSubManager();
        Map<String, Map<String, NDArray>> ls = new TreeMap<>();
        Map<String, NDArray> toks = new TreeMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        try {
            readInto(file, m, keep, ls, toks, meta);
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
        return new CustomDiffusionDelta(m, ls, toks, meta);
    }

    private static void readInto(Path file, NDManager m, Predicate<String> keep, Map<String, Map<String, NDArray>> ls,
                                 Map<String, NDArray> toks, Map<String, String> meta) throws IOException {
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            if (st.names().stream().anyMatch(KEY.asPredicate())) {
                meta.putAll(st.metadata());
            }
            for (String key : st.names()) {
                if (!keep.test(key)) {
                    continue;
                }
                Matcher km = KEY.matcher(key);
                if (km.matches()) {
                    NDArray a = st.load(key, m);
                    if (ls.computeIfAbsent(km.group(1), x -> new TreeMap<>()).put(km.group(2), a) != null) {
                        throw new IOException(file + ": duplicate weight " + key);
                    }
                } else if (TOKEN.matcher(key).matches()) {
                    NDArray a = st.load(key, m);
                    if (a.getShape().dimension() == 2 && a.getShape().get(0) == 1) {
                        a = a.reshape(a.getShape().get(1));
                    }
                    if (a.getShape().dimension() != 1) {
                        throw new IOException(file + ": token embedding " + key + " has shape " + a.getShape() + ", expected [dim]");
                    }
                    if (toks.put(key, a) != null) {
                        throw new IOException(file + ": token " + key + " appears twice");
                    }
                } else {
                    throw new IOException(file + ": key '" + key + "' is not a Custom Diffusion cross-attention weight or a"
                                          + " <token> embedding; refusing to load weights that would not be applied");
                }
            }
        }
        for (Map.Entry<String, Map<String, NDArray>> e : ls.entrySet()) {
            Map<String, NDArray> l = e.getValue();
            if (l.containsKey("to_k_custom_diffusion.weight") != l.containsKey("to_v_custom_diffusion.weight")) {
                throw new IOException(file + ": layer " + e.getKey() + " has only one of to_k/to_v");
            }
            if (l.containsKey("to_out_custom_diffusion.0.weight") != l.containsKey("to_out_custom_diffusion.0.bias")) {
                throw new IOException(file + ": layer " + e.getKey() + " has only one of to_out weight/bias");
            }
        }
    }

    /** The layers (module path → weights, as float32 views of the stored tensors). */
    public List<CrossAttentionWeights> layers() {
        List<CrossAttentionWeights> out = new ArrayList<>();
        layers.forEach((mod, l) -> out.add(new CrossAttentionWeights(mod, f32(l.get("to_k_custom_diffusion.weight")),
                f32(l.get("to_v_custom_diffusion.weight")), f32(l.get("to_q_custom_diffusion.weight")),
                f32(l.get("to_out_custom_diffusion.0.weight")), f32(l.get("to_out_custom_diffusion.0.bias")))));
        return out;
    }

    private static NDArray f32(NDArray a) {
        return a == null ? null : a.getDataType() == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false);
    }

    /** Modifier tokens and their embedding rows, in name order. */
    public Map<String, NDArray> tokens() {
        return Collections.unmodifiableMap(tokens);
    }

    /** Every weight tensor under its diffusers key name, in name order (what {@link #write} stores). */
    public Map<String, NDArray> weightTensors() {
        Map<String, NDArray> out = new TreeMap<>();
        layers.forEach((mod, l) -> l.forEach((k, v) -> out.put(mod + ".processor." + k, v)));
        return out;
    }

    /**
     * Applies the delta: replaces each layer's attn2 weights (shapes must match) and adds each token to the
     * tokenizer and the text encoder's table (skipped when the model already knows the token with this row).
     */
    public void applyTo(StableDiffusionModel model) {
        applyTo(model.unet());
        for (Map.Entry<String, NDArray> t : tokens.entrySet()) {
            model.addToken(t.getKey(), f32(t.getValue()));
        }
    }

    /** Applies only the cross-attention weights to a UNet. */
    public void applyTo(UNet2DConditionModel unet) {
        Parameters p = unet.parameters();
        Map<String, String> target = Map.of("to_k_custom_diffusion.weight", "to_k.weight", "to_v_custom_diffusion.weight", "to_v.weight",
                "to_q_custom_diffusion.weight", "to_q.weight", "to_out_custom_diffusion.0.weight", "to_out.0.weight",
                "to_out_custom_diffusion.0.bias", "to_out.0.bias");
        // check everything first so a bad delta leaves the model untouched
        layers.forEach((mod, l) -> l.forEach((k, v) -> {
            String name = mod + "." + target.get(k);
            if (!p.has(name)) {
                throw new IllegalArgumentException("delta layer " + mod + " does not exist in this UNet (no " + name + ")");
            }
            if (!p.get(name).getShape().equals(v.getShape())) {
                throw new IllegalArgumentException(name + ": delta shape " + v.getShape() + " != model " + p.get(name).getShape());
            }
        }));
        layers.forEach((mod, l) -> l.forEach((k, v) -> {
            NDArray c = f32(v).duplicate();
            c.attach(p.manager());
            c = c.toDevice(p.manager().getDevice(), false);
            p.put(mod + "." + target.get(k), c);
        }));
    }

    /**
     * Writes {@value #WEIGHTS_FILE} (weights in name order, the read metadata) and one {@code <token>.safetensors}
     * per token into {@code dir}.
     */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (!layers.isEmpty()) {
            SafetensorsWriter w = new SafetensorsWriter().metadata(metadata.isEmpty() ? Map.of("format", "pt") : metadata);
            weightTensors().forEach(w::add);
            w.write(dir.resolve(WEIGHTS_FILE));
        }
        for (Map.Entry<String, NDArray> t : tokens.entrySet()) {
            new SafetensorsWriter().metadata("format", "pt").add(t.getKey(), t.getValue()).write(dir.resolve(t.getKey() + ".safetensors"));
        }
    }

    public long parameterCount() {
        long n = 0;
        for (NDArray a : weightTensors().values()) {
            n += a.size();
        }
        for (NDArray a : tokens.values()) {
            n += a.size();
        }
        return n;
    }

    @Override
    public void close() {
        manager.close();
    }
}
