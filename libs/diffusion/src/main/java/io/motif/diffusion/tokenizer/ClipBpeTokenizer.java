package io.motif.diffusion.tokenizer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLIP's byte-level BPE tokenizer ({@code vocab.json} + {@code merges.txt}): whitespace-collapsed lower-cased text,
 * split by CLIP's word pattern, each word mapped through the byte→unicode table with {@code </w>} marking its end,
 * then merged by rank. BOS {@code <|startoftext|>}, EOS {@code <|endoftext|>}, 77 positions.
 */
public final class ClipBpeTokenizer extends VocabularyTokenizer {

    private static final Pattern WORDS = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final String[] BYTE_TO_CHAR = byteToUnicode();

    private final Map<String, Integer> mergeRanks;
    private final Map<String, List<Integer>> cache = new HashMap<>();

    public ClipBpeTokenizer(Map<String, Integer> vocab, List<String> merges, String padToken, int maxLength) {
        super(vocab, require(vocab, "<|startoftext|>"), require(vocab, "<|endoftext|>"), require(vocab, padToken),
                vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1, maxLength);
        this.mergeRanks = new HashMap<>();
        for (int i = 0; i < merges.size(); i++) {
            mergeRanks.put(merges.get(i), i);
        }
    }

    /** Loads {@code dir/vocab.json}, {@code dir/merges.txt} and, when present, the pad token and max length. */
    public static ClipBpeTokenizer load(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, Integer> vocab = json.readValue(dir.resolve("vocab.json").toFile(), new TypeReference<Map<String, Integer>>() { });
        List<String> merges = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("merges.txt"), StandardCharsets.UTF_8)) {
            if (line.startsWith("#version") || line.isBlank()) {
                continue;
            }
            merges.add(line.trim());
        }
        String padToken = "<|endoftext|>";
        int max = 77;
        Path cfg = dir.resolve("tokenizer_config.json");
        if (Files.exists(cfg)) {
            Map<String, Object> c = json.readValue(cfg.toFile(), new TypeReference<Map<String, Object>>() { });
            padToken = tokenText(c.get("pad_token"), padToken);
            if (c.get("model_max_length") instanceof Number n && n.longValue() < 100_000) {
                max = n.intValue();
            }
        }
        return new ClipBpeTokenizer(vocab, merges, padToken, max);
    }

    private static String tokenText(Object o, String def) {
        if (o instanceof String s) {
            return s;
        }
        if (o instanceof Map<?, ?> m && m.get("content") instanceof String s) {
            return s;
        }
        return def;
    }

    @Override
    public List<Integer> tokenIds(String text) {
        List<Integer> out = new ArrayList<>();
        for (Object part : added.split(text)) {
            if (part instanceof Integer id) {
                out.add(id);
                continue;
            }
            String clean = ((String) part).replaceAll("\\s+", " ").trim().toLowerCase(Locale.ROOT);
            Matcher m = WORDS.matcher(clean);
            while (m.find()) {
                out.addAll(bpe(m.group()));
            }
        }
        return out;
    }

    private List<Integer> bpe(String word) {
        List<Integer> cached = cache.get(word);
        if (cached != null) {
            return cached;
        }
        byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
        List<String> symbols = new ArrayList<>();
        for (byte b : bytes) {
            symbols.add(BYTE_TO_CHAR[b & 0xFF]);
        }
        int last = symbols.size() - 1;
        symbols.set(last, symbols.get(last) + "</w>");
        while (symbols.size() > 1) {
            int bestRank = Integer.MAX_VALUE;
            String bestA = null;
            String bestB = null;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                Integer r = mergeRanks.get(symbols.get(i) + " " + symbols.get(i + 1));
                if (r != null && r < bestRank) {
                    bestRank = r;
                    bestA = symbols.get(i);
                    bestB = symbols.get(i + 1);
                }
            }
            if (bestA == null) {
                break;
            }
            List<String> merged = new ArrayList<>();
            for (int i = 0; i < symbols.size(); i++) {
                if (i + 1 < symbols.size() && symbols.get(i).equals(bestA) && symbols.get(i + 1).equals(bestB)) {
                    merged.add(bestA + bestB);
                    i++;
                } else {
                    merged.add(symbols.get(i));
                }
            }
            symbols = merged;
        }
        List<Integer> ids = new ArrayList<>();
        for (String s : symbols) {
            Integer id = vocab.get(s);
            if (id == null) {
                throw new IllegalArgumentException("BPE symbol '" + s + "' is not in the vocabulary");
            }
            ids.add(id);
        }
        cache.put(word, ids);
        return ids;
    }

    /** GPT-2/CLIP's reversible byte → printable-unicode table. */
    private static String[] byteToUnicode() {
        String[] table = new String[256];
        boolean[] printable = new boolean[256];
        for (int b = '!'; b <= '~'; b++) {
            printable[b] = true;
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            printable[b] = true;
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            printable[b] = true;
        }
        int n = 0;
        for (int b = 0; b < 256; b++) {
            table[b] = printable[b] ? String.valueOf((char) b) : String.valueOf((char) (256 + n++));
        }
        return table;
    }
}
