package io.motif.retrieval;

/**
 * Graph parameters of the HNSW index and how the builder spends memory and threads.
 *
 * @param maxConn         neighbours per node (Lucene's M); 16 is Lucene's default and a good recall/size balance
 * @param beamWidth       candidates considered while inserting (efConstruction); higher = better graph, slower build
 * @param ramBufferMb     documents buffered before a segment is flushed (each flush builds one segment's graph)
 * @param mergeToOne      force-merge to one segment at the end: one graph to search, best query latency
 * @param mergeThreads    threads that build a merged graph concurrently (1 = no extra threads)
 */
public record HnswSettings(int maxConn, int beamWidth, double ramBufferMb, boolean mergeToOne, int mergeThreads) {

    public static HnswSettings defaults() {
        return new HnswSettings(16, 100, 256, true, 1);
    }

    public HnswSettings withMergeThreads(int threads) {
        return new HnswSettings(maxConn, beamWidth, ramBufferMb, mergeToOne, threads);
    }

    public HnswSettings withRamBufferMb(double mb) {
        return new HnswSettings(maxConn, beamWidth, mb, mergeToOne, mergeThreads);
    }
}
