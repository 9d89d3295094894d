package io.motif.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegularizationSelectorTest {
    @TempDir
    Path dir;

    /**
     * Every query encodes to e0 and caption i's vector is cos_i·e0 + sin_i·e1, so caption i scores exactly cos_i:
     * the test decides which captions clear the threshold.
     */
    private static final class AxisEncoder implements CaptionEncoder {
        public String id() {
            return "axis-test";
        }

        public int dimension() {
            return 4;
        }

        public float[] encode(String caption) {
            return new float[] {1, 0, 0, 0};
        }
    }

    private static float[] withCosine(double cos) {
        return new float[] {(float) cos, (float) Math.sqrt(1 - cos * cos), 0, 0};
    }

    private CaptionIndex indexWithCosines(double... cosines) throws IOException {
        Path indexDir = dir.resolve("index");
        try (CaptionIndexBuilder b = new CaptionIndexBuilder(indexDir, "axis-test", 4, HnswSettings.defaults())) {
            for (int i = 0; i < cosines.length; i++) {
                b.add(new CorpusEntry("images/" + i + ".jpg", "caption " + i), withCosine(cosines[i]));
            }
            b.finish();
        }
        return CaptionIndex.open(indexDir);
    }

    @Test
    void enoughAboveThresholdIsComplete() throws IOException {
        try (CaptionIndex index = indexWithCosines(0.99, 0.5, 0.95, 0.9, 0.2)) {
            Selection s = new RegularizationSelector(index, new AxisEncoder())
                    .select(new SelectionRequest("photo of a dog", 3, 0.85f, SelectionRequest.ShortfallPolicy.FILL_WITH_BEST_BELOW));

            assertThat(s.status()).isEqualTo(Selection.Status.COMPLETE);
            assertThat(s.images()).extracting(Selection.SelectedImage::imageKey)
                    .containsExactly("images/0.jpg", "images/2.jpg", "images/3.jpg");
            assertThat(s.images().get(0).score()).isCloseTo(0.99f, org.assertj.core.data.Offset.offset(1e-5f));
            assertThat(s.exact()).isTrue();
        }
    }

    @Test
    void shortfallIsToppedUpWithTheBestBelowAndFlagged() throws IOException {
        try (CaptionIndex index = indexWithCosines(0.99, 0.5, 0.7, 0.2)) {
            Selection s = new RegularizationSelector(index, new AxisEncoder()).select(
                    new SelectionRequest("photo of a dog", 3, 0.85f, SelectionRequest.ShortfallPolicy.FILL_WITH_BEST_BELOW));

            assertThat(s.status()).isEqualTo(Selection.Status.FILLED_BELOW_THRESHOLD);
            assertThat(s.aboveThreshold()).isEqualTo(1);
            assertThat(s.images()).extracting(Selection.SelectedImage::imageKey, Selection.SelectedImage::aboveThreshold)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("images/0.jpg", true),
                            org.assertj.core.groups.Tuple.tuple("images/2.jpg", false),
                            org.assertj.core.groups.Tuple.tuple("images/1.jpg", false));
            assertThat(s.note()).contains("only 1 of 3").contains("topped up with the 2 best below");
        }
    }

    @Test
    void aboveThresholdOnlyPolicyReturnsASmallerSet() throws IOException {
        try (CaptionIndex index = indexWithCosines(0.99, 0.5, 0.7)) {
            Selection s = new RegularizationSelector(index, new AxisEncoder()).select(
                    new SelectionRequest("photo of a dog", 200, 0.85f, SelectionRequest.ShortfallPolicy.ABOVE_THRESHOLD_ONLY));

            assertThat(s.status()).isEqualTo(Selection.Status.SHORT);
            assertThat(s.images()).hasSize(1);
            assertThat(s.note()).contains("only 1 of 200");
        }
    }

    @Test
    void queriesFromAnotherEncoderAreRefused() throws IOException {
        try (CaptionIndex index = indexWithCosines(0.9)) {
            assertThatThrownBy(() -> new RegularizationSelector(index, new HashedWordsEncoder(4 * 8)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("axis-test");
        }
    }

    @Test
    void manifestRoundTripsThroughJson() throws IOException {
        try (CaptionIndex index = indexWithCosines(0.99, 0.5)) {
            Selection s = new RegularizationSelector(index, new AxisEncoder()).select(SelectionRequest.of("photo of a cat"));

            byte[] json = SelectionManifest.toJson(s);

            assertThat(SelectionManifest.fromJson(json)).isEqualTo(s);
            assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8))
                    .contains("\"imageKey\" : \"images/0.jpg\"").contains("\"status\" : \"FILLED_BELOW_THRESHOLD\"");
            assertThat(List.of(s.k(), s.corpusSize())).containsExactly(200, 2L);
        }
    }
}
