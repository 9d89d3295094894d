package io.motif.shapes.tiny;

import java.util.ArrayList;
import java.util.List;

/**
 * GPT-2/CLIP's reversible byte → printable character table, in the order CLIP's vocabulary lists it: the
 * printable Latin-1 bytes first (as themselves), then the remaining bytes mapped to U+0100 onwards.
 */
final class ByteSymbols {

    private ByteSymbols() {
    }

    static List<String> ordered() {
        List<Integer> bytes = new ArrayList<>();
        for (int b = '!'; b <= '~'; b++) {
            bytes.add(b);
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            bytes.add(b);
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            bytes.add(b);
        }
        List<Integer> chars = new ArrayList<>(bytes);
        int n = 0;
        for (int b = 0; b < 256; b++) {
            if (!bytes.contains(b)) {
                bytes.add(b);
                chars.add(256 + n++);
            }
        }
        List<String> out = new ArrayList<>();
        for (int c : chars) {
            out.add(String.valueOf((char) c));
        }
        return out;
    }
}
