package io.motif.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptionIndexTest {
    @TempDir
    Path dir;

    @Test
    void wordEncoderRanksCaptionsThatShareWordsFirst() throws IOException {
        HashedWordsEncoder encoder = new HashedWordsEncoder(256);
        List<CorpusEntry> corpus = List.of(
                new CorpusEntry("images/0.jpg", "a photo of a brown dog on grass"),
                new CorpusEntry("images/1.jpg", "red car parked on a street"),
                new CorpusEntry("images/2.jpg", "photo of a dog"),
                new CorpusEntry("images/3.jpg", "a bowl of soup"));
        CorpusIndexer.build(corpus, encoder, dir.resolve("idx"), HnswSettings.defaults());

        try (CaptionIndex index = CaptionIndex.open(dir.resolve("idx"))) {
            List<ScoredCaption> hits = index.search(encoder.encode("photo of a dog"), 2);

            assertThat(hits).extracting(ScoredCaption::imageKey).containsExactly("images/2.jpg", "images/0.jpg");
            assertThat(hits.get(0).cosine()).isGreaterThan(0.999f);
            assertThat(index.metadata().encoderId()).isEqualTo(encoder.id());
            assertThat(index.metadata().count()).isEqualTo(4);
        }
    }

    @Test
    void hnswFindsNearlyAllOfTheExactNeighbours() throws IOException {
        int n = 3000;
        int dim = 32;
        Random rnd = new Random(7);
        float[][] centres = new float[30][dim];
        for (float[] c : centres) {
            for (int j = 0; j < dim; j++) {
                c[j] = (float) rnd.nextGaussian();
            }
        }
        try (CaptionIndexBuilder b = new CaptionIndexBuilder(dir.resolve("idx"), "synthetic", dim, HnswSettings.defaults())) {
            for (int i = 0; i < n; i++) {
                float[] v = centres[i % centres.length].clone();
                for (int j = 0; j < dim; j++) {
                    v[j] += 0.6f * (float) rnd.nextGaussian();
                }
                b.add(new CorpusEntry("k" + i, "c" + i), v);
            }
            b.finish();
        }
        try (CaptionIndex index = CaptionIndex.open(dir.resolve("idx"), 0)) {
            assertThat(index.searchesExactly()).isFalse();
            int found = 0;
            int total = 0;
            for (int q = 0; q < 20; q++) {
                float[] query = new float[dim];
                for (int j = 0; j < dim; j++) {
                    query[j] = (float) rnd.nextGaussian();
                }
                Set<String> exact = new HashSet<>();
                index.searchExact(query, 10).forEach(h -> exact.add(h.imageKey()));
                for (ScoredCaption h : index.searchApproximate(query, 10)) {
                    found += exact.contains(h.imageKey()) ? 1 : 0;
                }
                total += 10;
            }
            assertThat((double) found / total).isGreaterThan(0.9);
        }
    }

    @Test
    void archivedIndexOpensElsewhereWithTheSameAnswers() throws IOException {
        HashedWordsEncoder encoder = new HashedWordsEncoder(64);
        List<CorpusEntry> corpus = List.of(new CorpusEntry("a", "green circle"), new CorpusEntry("b", "blue square"),
                new CorpusEntry("c", "large green circle on white"));
        CorpusIndexer.build(corpus, encoder, dir.resolve("built"), HnswSettings.defaults());
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        IndexArchive.zip(dir.resolve("built"), zip);

        IndexArchive.unzip(new ByteArrayInputStream(zip.toByteArray()), dir.resolve("replica"));

        try (CaptionIndex original = CaptionIndex.open(dir.resolve("built"));
             CaptionIndex replica = CaptionIndex.open(dir.resolve("replica"))) {
            float[] q = encoder.encode("green circle");
            assertThat(replica.search(q, 3)).isEqualTo(original.search(q, 3));
            assertThat(replica.metadata()).isEqualTo(original.metadata());
        }
    }

    @Test
    void anUnfinishedBuildLeavesNoOpenableIndex() throws IOException {
        try (CaptionIndexBuilder b = new CaptionIndexBuilder(dir.resolve("idx"), "e", 4, HnswSettings.defaults())) {
            b.add(new CorpusEntry("a", "x"), new float[] {1, 0, 0, 0});
        }
        assertThatThrownBy(() -> CaptionIndex.open(dir.resolve("idx"))).isInstanceOf(IOException.class)
                .hasMessageContaining("motif-index.json");
    }

    @Test
    void wrongDimensionsAndNonEmptyDirectoriesAreRefused() throws IOException {
        Files.writeString(dir.resolve("stray.txt"), "x");
        assertThatThrownBy(() -> new CaptionIndexBuilder(dir, "e", 4, HnswSettings.defaults()))
                .hasMessageContaining("not empty");
        try (CaptionIndexBuilder b = new CaptionIndexBuilder(dir.resolve("idx"), "e", 4, HnswSettings.defaults())) {
            assertThatThrownBy(() -> b.add(new CorpusEntry("a", "x"), new float[3]))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
