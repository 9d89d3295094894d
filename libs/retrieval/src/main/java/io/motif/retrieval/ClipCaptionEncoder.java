package io.motif.retrieval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.motif.diffusion.text.ClipTextEncoder;
import io.motif.diffusion.text.TextEncoderOutput;
import io.motif.diffusion.tokenizer.ClipBpeTokenizer;
import io.motif.diffusion.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Caption features from the base model's own CLIP text encoder, so "close to the category caption" means close in
 * the space the UNet is conditioned on.
 *
 * <p>Default pooling is {@link Pooling#EOS}: the final-layer-norm row at the first EOS, which is CLIP's pooled text
 * output (the row its contrastive head projects). An SD model folder ships no text projection, so this is the
 * closest to the paper's CLIP-feature similarity we can compute from the base model alone. {@link Pooling#MEAN}
 * (mean of the rows from the first real token through EOS) is offered because, in a causal encoder, the EOS row of
 * a short caption is dominated by its last words; measure on your corpus before switching.
 */
public final class ClipCaptionEncoder implements CaptionEncoder, AutoCloseable {

    /** How one caption's token rows become one vector. */
    public enum Pooling {
        /** The row at the first EOS token (CLIP's pooled output). */
        EOS,
        /** The mean of the rows from token 1 (after BOS) through the first EOS, padding excluded. */
        MEAN
    }

    private static final int BATCH = 32;

    private final ClipTextEncoder encoder;
    private final Tokenizer tokenizer;
    private final Pooling pooling;
    private final String weightsId;
    private final NDManager owned;

    /**
     * @param weightsId identifies the encoder weights (e.g. a sha256 prefix of the safetensors file); part of {@link #id()}
     */
    public ClipCaptionEncoder(ClipTextEncoder encoder, Tokenizer tokenizer, Pooling pooling, String weightsId) {
        this(encoder, tokenizer, pooling, weightsId, null);
    }

    private ClipCaptionEncoder(ClipTextEncoder encoder, Tokenizer tokenizer, Pooling pooling, String weightsId,
                               NDManager owned) {
        this.encoder = encoder;
        this.tokenizer = tokenizer;
        this.pooling = pooling;
        this.weightsId = weightsId;
        this.owned = owned;
    }

    /** Loads {@code text_encoder/} and {@code tokenizer/} of a diffusers model folder (CPU); close it when done. */
    public static ClipCaptionEncoder load(Path modelRoot, Pooling pooling) throws IOException {
        Path textDir = modelRoot.resolve("text_encoder");
        NDManager manager = NDManager.newBaseManager();
        try {
            ClipTextEncoder encoder = ClipTextEncoder.load(textDir, manager);
            Tokenizer tokenizer = ClipBpeTokenizer.load(modelRoot.resolve("tokenizer"));
            return new ClipCaptionEncoder(encoder, tokenizer, pooling, weightsHash(textDir), manager);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The first 16 hex digits of the sha256 of the text encoder's weight files. */
    public static String weightsHash(Path textEncoderDir) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<Path> files;
        try (var list = Files.list(textEncoderDir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".safetensors")
                    || p.getFileName().toString().endsWith(".bin")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException("no weight files in " + textEncoderDir);
        }
        byte[] buffer = new byte[1 << 16];
        for (Path f : files) {
            try (InputStream in = new DigestInputStream(Files.newInputStream(f), sha)) {
                while (in.read(buffer) >= 0) {
                    // digesting
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    @Override
    public String id() {
        return "clip-text:" + pooling.name().toLowerCase() + ":" + weightsId;
    }

    @Override
    public int dimension() {
        return encoder.config().hiddenSize();
    }

    @Override
    public float[] encode(String caption) {
        return encodeAll(List.of(caption)).get(0);
    }

    @Override
    public List<float[]> encodeAll(List<String> captions) {
        List<float[]> out = new ArrayList<>(captions.size());
        for (int start = 0; start < captions.size(); start += BATCH) {
            out.addAll(encodeBatch(captions.subList(start, Math.min(captions.size(), start + BATCH))));
        }
        return out;
    }

    private List<float[]> encodeBatch(List<String> captions) {
        int len = tokenizer.maxLength();
        int b = captions.size();
        long[] ids = new long[b * len];
        for (int i = 0; i < b; i++) {
            System.arraycopy(tokenizer.encode(captions.get(i)), 0, ids, i * len, len);
        }
        int hidden = dimension();
        // a sub-manager per batch: every intermediate array is freed when it closes (Java GC frees none of them)
        try (NDManager batch = encoder.parameters().get(ClipTextEncoder.TOKEN_TABLE).getManager().newSubManager()) {
            NDArray input = batch.create(ids, new Shape(b, len));
            TextEncoderOutput result = encoder.forward(input);
            List<float[]> features = new ArrayList<>(b);
            if (pooling == Pooling.EOS) {
                float[] pooled = result.pooled().toFloatArray();
                for (int i = 0; i < b; i++) {
                    float[] v = new float[hidden];
                    System.arraycopy(pooled, i * hidden, v, 0, hidden);
                    features.add(v);
                }
            } else {
                float[] rows = result.lastHiddenState().toFloatArray();
                for (int i = 0; i < b; i++) {
                    int eos = firstEos(ids, i * len, len);
                    float[] v = new float[hidden];
                    for (int t = 1; t <= eos; t++) {
                        int base = (i * len + t) * hidden;
                        for (int h = 0; h < hidden; h++) {
                            v[h] += rows[base + h];
                        }
                    }
                    for (int h = 0; h < hidden; h++) {
                        v[h] /= eos;
                    }
                    features.add(v);
                }
            }
            return features;
        }
    }

    private int firstEos(long[] ids, int offset, int len) {
        for (int t = 1; t < len; t++) {
            if (ids[offset + t] == tokenizer.eosId()) {
                return t;
            }
        }
        return len - 1;
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }
}
