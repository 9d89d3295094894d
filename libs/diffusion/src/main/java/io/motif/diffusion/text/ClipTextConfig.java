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
        // older transformers serialise every generic PretrainedConfig field; none of them changes an encoder forward
        r.noEffect("return_dict", "torchscript", "use_bfloat16", "tf_legacy_loss", "pruned_heads", "tie_word_embeddings",
                   "is_encoder_decoder", "is_decoder", "cross_attention_hidden_size", "add_cross_attention",
                   "tie_encoder_decoder", "max_length", "min_length", "do_sample", "early_stopping", "num_beams",
                   "num_beam_groups", "diversity_penalty", "temperature", "top_k", "top_p", "typical_p",
                   "repetition_penalty", "length_penalty", "no_repeat_ngram_size", "encoder_no_repeat_ngram_size",
                   "bad_words_ids", "num_return_sequences", "chunk_size_feed_forward", "output_scores",
                   "return_dict_in_generate", "forced_bos_token_id", "forced_eos_token_id", "remove_invalid_values",
                   "exponential_decay_length_penalty", "suppress_tokens", "begin_suppress_tokens", "finetuning_task",
                   "id2label", "label2id", "tokenizer_class", "prefix", "sep_token_id", "decoder_start_token_id",
                   "task_specific_params", "problem_type", "gradient_checkpointing");
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
