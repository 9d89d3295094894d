package io.motif.diffusion.text;

import io.motif.diffusion.config.ConfigReader;

/** transformers' CLIPTextConfig, the options a CLIPTextModel forward depends on. */
public record ClipTextConfig(int hiddenSize, int intermediateSize, int layers, int heads, int maxPositions,
                             int vocabSize, String hiddenAct, float layerNormEps, int bosTokenId, int eosTokenId,
                             int padTokenId) {

    public static ClipTextConfig read(ConfigReader r) {
        r.mustBeDefault("attention_dropout", 0.0);
        r.mustBeDefault("dropout", 0.0);
        // CLIPTextModelWithProjection (SDXL's second encoder) is a different model; plain CLIPTextModel only
        r.getChoice("model_type", "clip_text_model", "clip_text_model");
        r.noEffect("architectures", "initializer_factor", "initializer_range", "projection_dim", "torch_dtype",
                   "transformers_version", "output_attentions", "output_hidden_states", "use_return_dict");
        ClipTextConfig c = new ClipTextConfig(
                r.getInt("hidden_size", 512), r.getInt("intermediate_size", 2048), r.getInt("num_hidden_layers", 12),
                r.getInt("num_attention_heads", 8), r.getInt("max_position_embeddings", 77), r.getInt("vocab_size", 49408),
                r.getChoice("hidden_act", "quick_gelu", "quick_gelu", "gelu"), (float) r.getDouble("layer_norm_eps", 1e-5),
                r.getInt("bos_token_id", 49406), r.getInt("eos_token_id", 49407), r.getInt("pad_token_id", 1));
        r.finish();
        if (c.hiddenSize % c.heads != 0) {
            throw new io.motif.diffusion.config.UnsupportedConfigException(r.source() + ": hidden_size not divisible by num_attention_heads");
        }
        return c;
    }
}
