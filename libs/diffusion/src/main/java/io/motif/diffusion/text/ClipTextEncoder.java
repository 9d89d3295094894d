package io.motif.diffusion.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import io.motif.diffusion.config.ConfigReader;
import io.motif.diffusion.nn.Ops;
import io.motif.diffusion.nn.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * transformers' CLIPTextModel (pre-LN transformer with a causal mask), reading weights by their transformers names.
 * The token table is the parameter {@link #TOKEN_TABLE}: a trainer can make it trainable and mask its gradient to
 * the rows of new tokens; {@link #addTokens} grows it.
 */
public final class ClipTextEncoder implements AutoCloseable {

    public static final String TOKEN_TABLE = "text_model.embeddings.token_embedding.weight";
    public static final String POSITION_TABLE = "text_model.embeddings.position_embedding.weight";

    private final ClipTextConfig config;
    private final Parameters params;

    public ClipTextEncoder(ClipTextConfig config, Parameters params) {
        this.config = config;
        this.params = params;
        declareWeights();
    }

    /** Loads {@code dir/config.json} and {@code dir/model.safetensors}. */
    public static ClipTextEncoder load(Path dir, NDManager manager) throws IOException {
        ClipTextConfig cfg = ClipTextConfig.read(ConfigReader.of(dir.resolve("config.json")));
        Parameters p = Parameters.load(io.motif.diffusion.pipeline.ModelFolder.weightsFile(dir, "model"), manager);
        // the position_ids buffer is persisted by older transformers versions; it is arange(77), not a weight
        if (p.has("text_model.embeddings.position_ids")) {
            p.require("text_model.embeddings.position_ids");
        }
        return new ClipTextEncoder(cfg, p);
    }

    private void declareWeights() {
        params.require(TOKEN_TABLE);
        params.require(POSITION_TABLE);
        for (int i = 0; i < config.layers(); i++) {
            String l = layer(i);
            for (String w : new String[] {"self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.out_proj",
                                          "layer_norm1", "layer_norm2", "mlp.fc1", "mlp.fc2"}) {
                params.require(l + w + ".weight");
                params.require(l + w + ".bias");
            }
        }
        params.require("text_model.final_layer_norm.weight");
        params.require("text_model.final_layer_norm.bias");
        params.checkAllUsed("text encoder");
        long rows = params.get(TOKEN_TABLE).getShape().get(0);
        if (rows < config.vocabSize()) {
            throw new IllegalStateException("token table has " + rows + " rows, config vocab_size is " + config.vocabSize());
        }
    }

    private static String layer(int i) {
        return "text_model.encoder.layers." + i + ".";
    }

    public ClipTextConfig config() {
        return config;
    }

    public Parameters parameters() {
        return params;
    }

    public int vocabRows() {
        return Math.toIntExact(params.get(TOKEN_TABLE).getShape().get(0));
    }

    /** Appends rows to the token table (one per new token) and returns the id of the first new row. */
    public int addTokens(NDArray newRows) {
        NDArray table = params.get(TOKEN_TABLE);
        int first = vocabRows();
        NDArray grown = Ops.cat(0, table, newRows.toType(table.getDataType(), false).reshape(-1, table.getShape().get(1)));
        params.put(TOKEN_TABLE, grown);
        return first;
    }

    public TextEncoderOutput forward(NDArray inputIds) {
        return forward(inputIds, false);
    }

    /** Runs the encoder on int64 ids (B, L) with no attention mask, as SD pipelines call it. */
    public TextEncoderOutput forward(NDArray inputIds, boolean keepHiddenStates) {
        Shape s = inputIds.getShape();
        long b = s.get(0);
        int len = Math.toIntExact(s.get(1));
        if (len > config.maxPositions()) {
            throw new IllegalArgumentException("sequence length " + len + " exceeds max_position_embeddings " + config.maxPositions());
        }
        NDArray ids = inputIds.toType(DataType.INT64, false);
        NDArray tok = Embedding.embedding(ids, params.get(TOKEN_TABLE), SparseFormat.DENSE).singletonOrThrow();
        NDArray pos = Ops.local(params.get(POSITION_TABLE).get(new NDIndex("0:" + len)), tok);
        NDArray x = tok.add(Ops.local(pos.expandDims(0), tok));
        List<NDArray> hidden = new ArrayList<>();
        if (keepHiddenStates) {
            hidden.add(x);
        }
        NDArray mask = causalMask(inputIds.getManager(), len, x);
        int heads = config.heads();
        float scale = (float) Math.pow(config.hiddenSize() / (double) heads, -0.5);
        for (int i = 0; i < config.layers(); i++) {
            String l = layer(i);
            NDArray h = Ops.layerNorm(x, params.get(l + "layer_norm1.weight"), params.get(l + "layer_norm1.bias"), config.layerNormEps());
            NDArray q = Ops.linear(h, params.get(l + "self_attn.q_proj.weight"), params.get(l + "self_attn.q_proj.bias"));
            q = Ops.times(q, scale);
            NDArray k = Ops.linear(h, params.get(l + "self_attn.k_proj.weight"), params.get(l + "self_attn.k_proj.bias"));
            NDArray v = Ops.linear(h, params.get(l + "self_attn.v_proj.weight"), params.get(l + "self_attn.v_proj.bias"));
            NDArray a = Ops.mergeHeads(Ops.attention(Ops.splitHeads(q, heads), Ops.splitHeads(k, heads), Ops.splitHeads(v, heads), 1f, mask));
            x = x.add(Ops.linear(a, params.get(l + "self_attn.out_proj.weight"), params.get(l + "self_attn.out_proj.bias")));
            h = Ops.layerNorm(x, params.get(l + "layer_norm2.weight"), params.get(l + "layer_norm2.bias"), config.layerNormEps());
            h = Ops.activation(config.hiddenAct(), Ops.linear(h, params.get(l + "mlp.fc1.weight"), params.get(l + "mlp.fc1.bias")));
            x = x.add(Ops.linear(h, params.get(l + "mlp.fc2.weight"), params.get(l + "mlp.fc2.bias")));
            if (keepHiddenStates) {
                hidden.add(x);
            }
        }
        NDArray last = Ops.layerNorm(x, params.get("text_model.final_layer_norm.weight"),
                                     params.get("text_model.final_layer_norm.bias"), config.layerNormEps());
        return new TextEncoderOutput(last, hidden, pool(last, ids, b));
    }

    private NDArray causalMask(NDManager manager, int len, NDArray like) {
        float[] m = new float[len * len];
        for (int i = 0; i < len; i++) {
            for (int j = i + 1; j < len; j++) {
                m[i * len + j] = -Float.MAX_VALUE;
            }
        }
        return manager.create(m, new Shape(1, 1, len, len)).toDevice(like.getDevice(), false);
    }

    /**
     * transformers 4.40: with the legacy {@code eos_token_id == 2} the pooled row is at argmax(input_ids), otherwise
     * at the first position equal to eos_token_id.
     */
    private NDArray pool(NDArray last, NDArray ids, long batch) {
        long[] flat = ids.toLongArray();
        int len = Math.toIntExact(ids.getShape().get(1));
        NDList rows = new NDList();
        for (int r = 0; r < batch; r++) {
            int at = 0;
            if (config.eosTokenId() == 2) {
                long best = Long.MIN_VALUE;
                for (int j = 0; j < len; j++) {
                    if (flat[r * len + j] > best) {
                        best = flat[r * len + j];
                        at = j;
                    }
                }
            } else {
                at = len - 1;
                for (int j = 0; j < len; j++) {
                    if (flat[r * len + j] == config.eosTokenId()) {
                        at = j;
                        break;
                    }
                }
            }
            rows.add(last.get(r, at));
        }
        return ai.djl.ndarray.NDArrays.stack(rows);
    }

    @Override
    public void close() {
        params.close();
    }
}
