package io.motif.sampler.jobs;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.motif.diffusion.pipeline.StableDiffusionModel;
import io.motif.diffusion.tokenizer.WordLevelTokenizer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The parity fixture's tiny diffusers model, which the sampler's tests run on. */
final class SamplerFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SamplerFixtures() {
    }

    static Path dir() {
        return Path.of(System.getProperty("motif.fixtures.dir", "../../../shared/fixtures/public"));
    }

    /** The fixture model ships no tokenizer: its toy word vocabulary. */
    static WordLevelTokenizer tokenizer() throws Exception {
        JsonNode j = JSON.readTree(dir().resolve("merge_prompts.json").toFile());
        Map<String, Integer> vocab = new HashMap<>();
        j.get("toy_vocab").fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
        return new WordLevelTokenizer(vocab, 998, 999, 999, 1000, 77);
    }

    static StableDiffusionModel model() throws Exception {
        StableDiffusionModel model = StableDiffusionModel.load(dir(), Device.cpu());
        model.setTokenizer(tokenizer());
        return model;
    }
}
