package io.motif.cli.bench;

import io.motif.files.Folders;
import io.motif.retrieval.CaptionIndex;
import io.motif.retrieval.CaptionIndexBuilder;
import io.motif.retrieval.CorpusEntry;
import io.motif.retrieval.HnswSettings;
import io.motif.retrieval.IndexArchive;
import io.motif.retrieval.IndexMetadata;
import io.motif.retrieval.ScoredCaption;
import io.motif.retrieval.Vectors;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./motif bench retrieval}: builds the regularization caption index over synthetic caption vectors and
 * measures build time, the archive step (zipped to a file as the importer does), HNSW query latency and recall
 * against the baseline, an exact brute-force scan of the same vectors, timed in the same run.
 *
 * <p>Synthetic vectors imitate caption features: captions come in topics (cluster centres) with per-caption
 * variation, and queries are new captions of existing topics, as a category caption is. Vectors are regenerated
 * from (seed, index) rather than held in memory, so a million 768-d vectors cost disk and page cache, not heap.
 */
@Command(name = "retrieval", mixinStandardHelpOptions = true,
        description = "Index build time, HNSW query latency (median, p95) and recall@K vs an exact scan, "
                + "on synthetic caption vectors.")
public final class RetrievalBench implements Callable<Integer> {

    @Option(names = "--count", description = "captions in the index (default ${DEFAULT-VALUE})")
    int count = 1_000_000;

    @Option(names = "--dim", description = "feature dimension: 64 = motif-tiny's text encoder width (default), "
            + "768 = SD 1.x's CLIP text width (default ${DEFAULT-VALUE})")
    int dim = 64;

    @Option(names = "--topics", description = "cluster centres the captions are drawn around (default ${DEFAULT-VALUE})")
    int topics = 2_000;

    @Option(names = "--spread", description = "per-caption noise relative to the centre (default ${DEFAULT-VALUE})")
    double spread = 0.7;

    @Option(names = "--queries", description = "timed queries (default ${DEFAULT-VALUE})")
    int queries = 100;

    @Option(names = "--k", description = "neighbours per query, as in the retrieval request (default ${DEFAULT-VALUE})")
    int k = 200;

    @Option(names = "--threads", description = "indexing threads (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--max-conn", description = "HNSW M (default ${DEFAULT-VALUE})")
    int maxConn = 16;

    @Option(names = "--beam-width", description = "HNSW efConstruction (default ${DEFAULT-VALUE})")
    int beamWidth = 100;

    @Option(names = "--ram-buffer-mb", description = "indexing buffer (vectors and graphs) before a flush; fewer, "
            + "larger segments mean less merging (default ${DEFAULT-VALUE})")
    double ramBufferMb = 1024;

    @Option(names = "--dir", description = "where to build the index (default: a temporary folder, deleted after)")
    Path dir;

    @Option(names = "--seed", description = "random seed (default ${DEFAULT-VALUE})")
    long seed = 42;

    public static void main(String[] args) {
        System.exit(new CommandLine(new RetrievalBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        boolean temporary = dir == null;
        Path indexDir = temporary ? Files.createTempDirectory("motif-retrieval-bench") : dir;
        if (temporary) {
            // a long build is often interrupted (Ctrl-C, timeout): do not leave hundreds of MB in the temp folder
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Folders.deleteRecursively(indexDir);
                } catch (IOException ignored) {
                    // best effort at exit
                }
            }));
        }
        try {
            Topics corpus = new Topics(topics, dim, spread, seed);
            System.out.printf("retrieval bench: %,d synthetic caption vectors, %d-d (motif-tiny's text encoder: 64, "
                    + "SD 1.x CLIP: 768), "
                    + "%d topics, HNSW M=%d efConstruction=%d, %d indexing threads, %d cores, max heap %d MB%n",
                    count, dim, topics, maxConn, beamWidth, threads, Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20);

            long t0 = System.nanoTime();
            long addSeconds;
            IndexMetadata meta;
            HnswSettings settings = new HnswSettings(maxConn, beamWidth, ramBufferMb, true, threads);
            try (CaptionIndexBuilder builder = new CaptionIndexBuilder(indexDir, "synthetic-topics", dim, settings)) {
                addInParallel(builder, corpus);
                addSeconds = (System.nanoTime() - t0) / 1_000_000_000L;
                meta = builder.finish();
            }
            double buildSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("build: %.1f s total (%d s adding + flushing segment graphs, %.1f s merging to one graph), "
                    + "%,d vectors, %.0f MB on disk%n", buildSeconds, addSeconds, buildSeconds - addSeconds,
                    meta.count(), sizeOnDisk(indexDir) / 1e6);

            measureArchive(indexDir);
            try (CaptionIndex index = CaptionIndex.open(indexDir)) {
                measureQueries(index, corpus);
            }
            Runtime rt = Runtime.getRuntime();
            System.out.printf("heap in use at the end: %d MB%n", (rt.totalMemory() - rt.freeMemory()) >> 20);
            return 0;
        } finally {
            if (temporary) {
                Folders.deleteRecursively(indexDir);
            }
        }
    }

    private void addInParallel(CaptionIndexBuilder builder, Topics corpus) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong added = new AtomicLong();
        long step = Math.max(1, count / 10);
        long start = System.nanoTime();
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int part = t;
                parts.add(pool.submit(() -> {
                    for (int i = part; i < count; i += threads) {
                        try {
                            builder.add(new CorpusEntry("images/" + i + ".jpg", "caption " + i), corpus.caption(i));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        long done = added.incrementAndGet();
                        if (done % step == 0) {
                            // progress on stderr: a million-vector build takes minutes
                            System.err.printf("  added %,d / %,d after %.0f s%n", done, count,
                                    (System.nanoTime() - start) / 1e9);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : parts) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The step between build and upload: the index zipped to a file, never to a byte array in the heap. */
    private static void measureArchive(Path indexDir) throws IOException {
        Path zip = Files.createTempFile("motif-retrieval-bench", ".zip");
        try {
            long t0 = System.nanoTime();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(zip), 1 << 20)) {
                IndexArchive.zip(indexDir, out);
            }
            System.out.printf("archive: %.1f s to zip the index to a file (%.0f MB), streamed as the importer "
                    + "uploads it%n", (System.nanoTime() - t0) / 1e9, Files.size(zip) / 1e6);
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    private void measureQueries(CaptionIndex index, Topics corpus) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int warmup = Math.min(5, queries);
        double[] hnswMs = new double[queries];
        double[] exactMs = new double[queries];
        double recallSum = 0;
        double recallAt10Sum = 0;
        for (int q = -warmup; q < queries; q++) {
            float[] query = corpus.query(rnd);
            long a = System.nanoTime();
            List<ScoredCaption> approx = index.searchApproximate(query, k);
            long b = System.nanoTime();
            List<ScoredCaption> exact = index.searchExact(query, k);
            long c = System.nanoTime();
            if (q < 0) {
                continue; // JIT and page-cache warm-up, not timed
            }
            hnswMs[q] = (b - a) / 1e6;
            exactMs[q] = (c - b) / 1e6;
            recallSum += overlap(approx, exact, k);
            recallAt10Sum += overlap(approx, exact, Math.min(10, k));
        }
        System.out.printf("query (k=%d, %d queries after %d warm-up): HNSW median %.2f ms, p95 %.2f ms | "
                        + "exact scan (baseline) median %.1f ms, p95 %.1f ms | speed-up %.0fx%n",
                k, queries, warmup, percentile(hnswMs, 50), percentile(hnswMs, 95),
                percentile(exactMs, 50), percentile(exactMs, 95), percentile(exactMs, 50) / percentile(hnswMs, 50));
        System.out.printf("recall@%d of HNSW vs exact: %.4f; recall@10: %.4f%n", k, recallSum / queries,
                recallAt10Sum / queries);
    }

    /** Share of the exact top-n found in the approximate top-n. */
    private static double overlap(List<ScoredCaption> approx, List<ScoredCaption> exact, int n) {
        Set<String> truth = new HashSet<>();
        exact.stream().limit(n).forEach(h -> truth.add(h.imageKey()));
        long found = approx.stream().limit(n).filter(h -> truth.contains(h.imageKey())).count();
        return truth.isEmpty() ? 1.0 : (double) found / truth.size();
    }

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }

    private static long sizeOnDisk(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** Topic centres plus per-caption noise; caption i is a pure function of (seed, i). */
    static final class Topics {
        private final float[][] centres;
        private final int dim;
        private final double spread;
        private final long seed;

        Topics(int topics, int dim, double spread, long seed) {
            this.dim = dim;
            this.spread = spread;
            this.seed = seed;
            this.centres = new float[topics][];
            SplittableRandom rnd = new SplittableRandom(seed);
            for (int t = 0; t < topics; t++) {
                centres[t] = Vectors.normalizeInPlace(gaussian(rnd, dim, 1.0));
            }
        }

        float[] caption(int i) {
            SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
            return around(centres[rnd.nextInt(centres.length)], rnd);
        }

        /** A new caption of an existing topic, as a category caption is. */
        float[] query(SplittableRandom rnd) {
            return around(centres[rnd.nextInt(centres.length)], rnd);
        }

        private float[] around(float[] centre, SplittableRandom rnd) {
            // noise per coordinate scaled so its norm is `spread` relative to the unit-length centre
            float[] v = gaussian(rnd, dim, spread / Math.sqrt(dim));
            for (int j = 0; j < dim; j++) {
                v[j] += centre[j];
            }
            return v;
        }

        private static float[] gaussian(SplittableRandom rnd, int n, double sigma) {
            float[] v = new float[n];
            for (int j = 0; j < n; j += 2) {
                // Box-Muller: two normals per pair of uniforms
                double u1 = 1.0 - rnd.nextDouble();
                double u2 = rnd.nextDouble();
                double r = Math.sqrt(-2 * Math.log(u1)) * sigma;
                v[j] = (float) (r * Math.cos(2 * Math.PI * u2));
                if (j + 1 < n) {
                    v[j + 1] = (float) (r * Math.sin(2 * Math.PI * u2));
                }
            }
            return v;
        }
    }
}
