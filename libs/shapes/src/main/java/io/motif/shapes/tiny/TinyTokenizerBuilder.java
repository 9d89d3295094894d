package io.motif.shapes.tiny;

import io.motif.shapes.world.CaptionWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds motif-tiny's tokenizer files in CLIP's BPE format: the 256 byte symbols, the same 256 with the end-of-word
 * mark {@code </w>}, one entry per merge, then {@code <|startoftext|>} and {@code <|endoftext|>}. The merges are
 * learned by ordinary BPE training on the shapes world's words plus a few spare rare words, run until every one of
 * those words is a single token. Because encoding replays the merges in training order, each world word encodes
 * to exactly one id; anything else still encodes, letter by letter.
 */
public final class TinyTokenizerBuilder {

    /**
     * Words that no caption uses, so their embeddings stay close to their initial values: the modifier tokens are
     * initialised from them (the first three are the reference code's choice of rare CLIP tokens).
     */
    public static final List<String> SPARE_RARE_WORDS = List.of("ktn", "pll", "ucd", "sks", "zwx", "qrv", "vbj", "hfq");

    /** Token positions of motif-tiny (captions of three objects take about 40). */
    public static final int MAX_LENGTH = 48;

    public static final String BOS = "<|startoftext|>";
    public static final String EOS = "<|endoftext|>";
    private static final String END = "</w>";

    private final List<String> merges = new ArrayList<>();
    private final Map<String, Integer> vocab = new LinkedHashMap<>();

    public TinyTokenizerBuilder() {
        List<String> words = new ArrayList<>(CaptionWriter.allWords());
        words.addAll(SPARE_RARE_WORDS);
        for (String b : ByteSymbols.ordered()) {
            vocab.put(b, vocab.size());
        }
        for (String b : ByteSymbols.ordered()) {
            vocab.put(b + END, vocab.size());
        }
        learnMerges(words);
        for (String m : merges) {
            vocab.put(m.replace(" ", ""), vocab.size());
        }
        vocab.put(BOS, vocab.size());
        vocab.put(EOS, vocab.size());
    }

    public Map<String, Integer> vocab() {
        return vocab;
    }

    public List<String> merges() {
        return merges;
    }

    /** Writes vocab.json, merges.txt, special_tokens_map.json and tokenizer_config.json into {@code dir}. */
    public void write(Path dir, int maxLength) throws IOException {
        Files.createDirectories(dir);
        StringBuilder v = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            v.append(first ? "" : ",").append('"').append(escape(e.getKey())).append("\":").append(e.getValue());
            first = false;
        }
        v.append("}\n");
        Files.writeString(dir.resolve("vocab.json"), v.toString(), StandardCharsets.UTF_8);
        StringBuilder m = new StringBuilder("#version: 0.2\n");
        for (String merge : merges) {
            m.append(merge).append('\n');
        }
        Files.writeString(dir.resolve("merges.txt"), m.toString(), StandardCharsets.UTF_8);
        String specials = "{\n  \"bos_token\": \"" + BOS + "\",\n  \"eos_token\": \"" + EOS + "\",\n  \"pad_token\": \""
                + EOS + "\",\n  \"unk_token\": \"" + EOS + "\"\n}\n";
        Files.writeString(dir.resolve("special_tokens_map.json"), specials, StandardCharsets.UTF_8);
        String config = "{\n  \"tokenizer_class\": \"CLIPTokenizer\",\n  \"model_max_length\": " + maxLength
                + ",\n  \"bos_token\": \"" + BOS + "\",\n  \"eos_token\": \"" + EOS + "\",\n  \"pad_token\": \"" + EOS
                + "\",\n  \"unk_token\": \"" + EOS + "\",\n  \"do_lower_case\": true\n}\n";
        Files.writeString(dir.resolve("tokenizer_config.json"), config, StandardCharsets.UTF_8);
    }

    /** Classic BPE training: repeatedly merge the most frequent adjacent pair (ties broken alphabetically). */
    private void learnMerges(List<String> words) {
        List<List<String>> symbols = new ArrayList<>();
        for (String w : words) {
            List<String> s = new ArrayList<>();
            for (int i = 0; i < w.length(); i++) {
                s.add(String.valueOf(w.charAt(i)));
            }
            s.set(s.size() - 1, s.get(s.size() - 1) + END);
            symbols.add(s);
        }
        while (true) {
            TreeMap<String, Integer> counts = new TreeMap<>();
            for (List<String> s : symbols) {
                for (int i = 0; i + 1 < s.size(); i++) {
                    counts.merge(s.get(i) + " " + s.get(i + 1), 1, Integer::sum);
                }
            }
            if (counts.isEmpty()) {
                return;
            }
            String best = null;
            int bestCount = 0;
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                if (e.getValue() > bestCount) {
                    best = e.getKey();
                    bestCount = e.getValue();
                }
            }
            merges.add(best);
            String[] pair = best.split(" ");
            for (List<String> s : symbols) {
                for (int i = 0; i + 1 < s.size(); i++) {
                    if (s.get(i).equals(pair[0]) && s.get(i + 1).equals(pair[1])) {
                        s.set(i, pair[0] + pair[1]);
                        s.remove(i + 1);
                    }
                }
            }
        }
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Writes the tokenizer into the folder given as the first argument. */
    public static void main(String[] args) throws IOException {
        new TinyTokenizerBuilder().write(Path.of(args[0]), MAX_LENGTH);
    }
}
