package io.motif.retrieval;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * A lexical caption encoder: words and word pairs hashed into signed buckets, then L2-normalised. It needs no model,
 * so the index, the services and their tests run without weights; captions that share words score high. It is not
 * the paper's measure (CLIP text features) and says so in its {@link #id()}; production indexes use
 * {@code ClipCaptionEncoder}.
 */
public final class HashedWordsEncoder implements CaptionEncoder {
    private final int dimension;

    public HashedWordsEncoder(int dimension) {
        if (dimension < 8) {
            throw new IllegalArgumentException("dimension must be at least 8");
        }
        this.dimension = dimension;
    }

    @Override
    public String id() {
        return "hashed-words-v1:" + dimension;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public float[] encode(String caption) {
        float[] v = new float[dimension];
        String[] words = caption.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}<>]+");
        String previous = null;
        for (String w : words) {
            if (w.isEmpty()) {
                continue;
            }
            add(v, w, 1.0f);
            if (previous != null) {
                add(v, previous + " " + w, 0.5f); // pairs keep a little word order ("red square" vs "square red")
            }
            previous = w;
        }
        return Vectors.normalizeInPlace(v);
    }

    private void add(float[] v, String token, float weight) {
        CRC32 crc = new CRC32();
        crc.update(token.getBytes(StandardCharsets.UTF_8));
        long h = crc.getValue();
        int bucket = (int) (h % dimension);
        v[bucket] += ((h >>> 31) & 1) == 0 ? weight : -weight;
    }
}
