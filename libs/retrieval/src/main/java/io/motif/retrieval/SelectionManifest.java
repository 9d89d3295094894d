package io.motif.retrieval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;

/**
 * The selection manifest: the {@link Selection} as JSON, written to object storage next to the concept so the
 * trainer reads image keys and captions from one document. Field names are the record's component names.
 */
public final class SelectionManifest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SelectionManifest() {
    }

    public static byte[] toJson(Selection selection) {
        try {
            return JSON.writeValueAsBytes(selection);
        } catch (IOException e) {
            throw new IllegalStateException("a Selection always serialises", e);
        }
    }

    public static Selection fromJson(byte[] json) throws IOException {
        return JSON.readValue(json, Selection.class);
    }
}
