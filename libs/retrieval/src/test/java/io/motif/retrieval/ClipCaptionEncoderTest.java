package io.motif.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.motif.diffusion.text.ClipTextEncoder;
import io.motif.diffusion.tokenizer.WordLevelTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The caption encoder on the public fixture's tiny CLIP text model and its toy vocabulary. */
class ClipCaptionEncoderTest {
    private static NDManager manager;
    private static ClipTextEncoder text;
    private static WordLevelTokenizer tokenizer;
    private static List<String> regCaptions;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws IOException {
        Path fixtures = Path.of(System.getProperty("motif.fixtures.dir", "../../../shared/fixtures/public"));
        manager = NDManager.newBaseManager();
        text = ClipTextEncoder.load(fixtures.resolve("text_encoder"), manager);
        JsonNode prompts = new ObjectMapper().readTree(fixtures.resolve("merge_prompts.json").toFile());
        Map<String, Integer> vocab = new HashMap<>();
        prompts.get("toy_vocab").fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
        tokenizer = new WordLevelTokenizer(vocab, prompts.get("bos").asInt(), prompts.get("eos").asInt(),
                prompts.get("pad").asInt(), 1000, 77);
        regCaptions = new ArrayList<>();
        prompts.get("reg_captions").forEach(c -> regCaptions.add(c.asText()));
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static ClipCaptionEncoder encoder(ClipCaptionEncoder.Pooling pooling) {
        return new ClipCaptionEncoder(text, tokenizer, pooling, "fixture");
    }

    @Test
    void featuresHaveTheTextWidthAndTheIdNamesPoolingAndWeights() {
        ClipCaptionEncoder e = encoder(ClipCaptionEncoder.Pooling.EOS);

        assertThat(e.dimension()).isEqualTo(32);
        assertThat(e.encode("photo of a dog")).hasSize(32);
        assertThat(e.id()).isEqualTo("clip-text:eos:fixture");
    }

    @Test
    void forAnEmptyCaptionMeanAndEosPoolingAgree() {
        // [BOS, EOS, pad…]: the mean over token 1..EOS is the EOS row alone
        float[] eos = encoder(ClipCaptionEncoder.Pooling.EOS).encode("");
        float[] mean = encoder(ClipCaptionEncoder.Pooling.MEAN).encode("");

        assertThat(mean).containsExactly(eos, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(encoder(ClipCaptionEncoder.Pooling.MEAN).encode("red dog on the beach"))
                .isNotEqualTo(encoder(ClipCaptionEncoder.Pooling.EOS).encode("red dog on the beach"));
    }

    @Test
    void batchedEncodingEqualsOneByOne() {
        ClipCaptionEncoder e = encoder(ClipCaptionEncoder.Pooling.MEAN);
        List<String> captions = regCaptions.subList(0, 40); // more than one batch of 32

        List<float[]> batched = e.encodeAll(captions);

        for (int i : new int[] {0, 31, 32, 39}) {
            assertThat(batched.get(i)).containsExactly(e.encode(captions.get(i)), org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test
    void anIndexedCaptionFindsItselfFirst() throws IOException {
        ClipCaptionEncoder e = encoder(ClipCaptionEncoder.Pooling.EOS);
        List<CorpusEntry> corpus = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            corpus.add(new CorpusEntry("images/" + i + ".png", regCaptions.get(i)));
        }
        CorpusIndexer.build(corpus, e, dir.resolve("idx"), HnswSettings.defaults());

        try (CaptionIndex index = CaptionIndex.open(dir.resolve("idx"))) {
            Selection s = new RegularizationSelector(index, e).select(new SelectionRequest(regCaptions.get(17), 5, 0.99f,
                    SelectionRequest.ShortfallPolicy.ABOVE_THRESHOLD_ONLY));

            assertThat(s.images()).isNotEmpty();
            assertThat(s.images().get(0).caption()).isEqualTo(regCaptions.get(17));
            assertThat(s.images().get(0).score()).isGreaterThan(0.999f);
        }
    }
}
