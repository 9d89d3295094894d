package io.motif.retrieval;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;

/**
 * A caption index opened for search (memory-mapped, so a million 768-d vectors cost page cache, not heap).
 * {@link #search} answers exactly for small corpora, where scanning is cheap and a graph can only lose recall,
 * and through the HNSW graph above {@link #exactSearchBelow}.
 */
public final class CaptionIndex implements Closeable {
    /** Corpora up to this many captions are scanned exactly (a few ms at 768-d). */
    public static final int DEFAULT_EXACT_SEARCH_BELOW = 20_000;
    /** The smallest HNSW beam used, whatever k is. */
    public static final int DEFAULT_MIN_CANDIDATES = 100;

    private final IndexMetadata metadata;
    private final FSDirectory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final int exactSearchBelow;

    private CaptionIndex(IndexMetadata metadata, FSDirectory directory, int exactSearchBelow) throws IOException {
        this.metadata = metadata;
        this.directory = directory;
        this.reader = DirectoryReader.open(directory);
        this.searcher = new IndexSearcher(reader);
        this.exactSearchBelow = exactSearchBelow;
    }

    public static CaptionIndex open(Path dir) throws IOException {
        return open(dir, DEFAULT_EXACT_SEARCH_BELOW);
    }

    public static CaptionIndex open(Path dir, int exactSearchBelow) throws IOException {
        IndexMetadata meta = IndexMetadata.read(dir);
        return new CaptionIndex(meta, FSDirectory.open(dir), exactSearchBelow);
    }

    public IndexMetadata metadata() {
        return metadata;
    }

    public int size() {
        return reader.numDocs();
    }

    /** Whether {@link #search} scans every vector for this index (small corpus) rather than walking the graph. */
    public boolean searchesExactly() {
        return size() <= exactSearchBelow;
    }

    /** Exact below the size threshold, HNSW above it. Results best first. */
    public List<ScoredCaption> search(float[] query, int k) throws IOException {
        return searchesExactly() ? searchExact(query, k) : searchApproximate(query, k);
    }

    /**
     * The HNSW graph search with {@link #DEFAULT_MIN_CANDIDATES} candidates at least: Lucene explores exactly as many
     * candidates as it returns, and a beam of 10 loses a third of the true neighbours on clustered data.
     */
    public List<ScoredCaption> searchApproximate(float[] query, int k) throws IOException {
        return searchApproximate(query, k, Math.max(k, DEFAULT_MIN_CANDIDATES));
    }

    /** The HNSW graph search exploring {@code candidates} (≥ k; HNSW's ef) and keeping the best k. */
    public List<ScoredCaption> searchApproximate(float[] query, int k, int candidates) throws IOException {
        float[] q = checkedQuery(query);
        if (k <= 0 || size() == 0) {
            return List.of();
        }
        int beam = Math.max(k, candidates);
        TopDocs top = searcher.search(new KnnFloatVectorQuery(LuceneFields.VECTOR, q, beam), beam);
        StoredFields stored = searcher.storedFields();
        int n = Math.min(k, top.scoreDocs.length);
        List<ScoredCaption> hits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ScoreDoc sd = top.scoreDocs[i];
            hits.add(hit(stored.document(sd.doc), cosineFromLuceneScore(sd.score)));
        }
        return hits;
    }

    /** Scans every vector: the ground truth the graph is measured against. */
    public List<ScoredCaption> searchExact(float[] query, int k) throws IOException {
        float[] q = checkedQuery(query);
        if (k <= 0) {
            return List.of();
        }
        record Candidate(int doc, float score) {
        }
        PriorityQueue<Candidate> best = new PriorityQueue<>(k + 1, Comparator.comparingDouble(Candidate::score));
        for (LeafReaderContext leaf : reader.leaves()) {
            LeafReader lr = leaf.reader();
            FloatVectorValues values = lr.getFloatVectorValues(LuceneFields.VECTOR);
            if (values == null) {
                continue;
            }
            Bits live = lr.getLiveDocs();
            for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
                if (live != null && !live.get(doc)) {
                    continue;
                }
                // stored vectors are unit length (see CaptionIndexBuilder), so the dot product is the cosine
                float score = Vectors.dot(q, values.vectorValue());
                if (best.size() < k) {
                    best.add(new Candidate(leaf.docBase + doc, score));
                } else if (score > best.peek().score()) {
                    best.poll();
                    best.add(new Candidate(leaf.docBase + doc, score));
                }
            }
        }
        List<Candidate> ordered = new ArrayList<>(best);
        ordered.sort(Comparator.comparingDouble(Candidate::score).reversed());
        StoredFields stored = searcher.storedFields();
        List<ScoredCaption> hits = new ArrayList<>(ordered.size());
        for (Candidate c : ordered) {
            hits.add(hit(stored.document(c.doc()), c.score()));
        }
        return hits;
    }

    private float[] checkedQuery(float[] query) {
        if (query.length != metadata.dimension()) {
            throw new IllegalArgumentException("query has " + query.length + " dimensions, the index "
                    + metadata.dimension());
        }
        return Vectors.normalizeInPlace(query.clone());
    }

    /** Lucene scores cosine as (1 + cos) / 2 so that scores are non-negative; undo that for callers. */
    static float cosineFromLuceneScore(float score) {
        return 2f * score - 1f;
    }

    private static ScoredCaption hit(Document doc, float cosine) {
        return new ScoredCaption(doc.get(LuceneFields.IMAGE_KEY), doc.get(LuceneFields.CAPTION), cosine);
    }

    @Override
    public void close() throws IOException {
        try {
            reader.close();
        } finally {
            directory.close();
        }
    }

}
