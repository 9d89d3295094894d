package io.motif.retrieval;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a caption into a text-feature vector. The index never knows which model made the vectors; it only
 * records {@link #id()} so that a query encoded by a different model is refused instead of silently returning
 * nonsense neighbours.
 */
public interface CaptionEncoder {

    /** Identifies the encoder and its weights (e.g. "clip-text:mean-final-ln:sha256…"); stored in the index. */
    String id();

    int dimension();

    float[] encode(String caption);

    default List<float[]> encodeAll(List<String> captions) {
        List<float[]> out = new ArrayList<>(captions.size());
        for (String c : captions) {
            out.add(encode(c));
        }
        return out;
    }
}
