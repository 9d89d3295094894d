package io.motif.diffusion.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a diffusers/transformers {@code config.json} against an allow-list: every key must either be read
 * (its value honoured), be pinned to its default (any other value is refused by name), or be declared as having
 * no effect on the computation. {@link #finish()} rejects whatever is left, so an unknown option is an error
 * instead of a silently different model. Keys starting with '_' are bookkeeping and skipped.
 */
public final class ConfigReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final JsonNode root;
    private final Set<String> seen = new HashSet<>();

    public ConfigReader(String source, JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new UnsupportedConfigException(source + ": config is not a JSON object");
        }
        this.source = source;
        this.root = root;
    }

    public static ConfigReader of(Path configJson) throws IOException {
        return new ConfigReader(configJson.toString(), JSON.readTree(Files.readAllBytes(configJson)));
    }

    public String source() {
        return source;
    }

    public boolean has(String key) {
        return root.has(key) && !root.get(key).isNull();
    }

    /** The raw node (NullNode when absent); marks the key as honoured. */
    public JsonNode node(String key) {
        seen.add(key);
        JsonNode n = root.get(key);
        return n == null ? NullNode.getInstance() : n;
    }

    public int getInt(String key, int def) {
        JsonNode n = node(key);
        if (n.isNull()) {
            return def;
        }
        if (!n.isIntegralNumber()) {
            throw bad(key, n, "an integer");
        }
        return n.asInt();
    }

    public double getDouble(String key, double def) {
        JsonNode n = node(key);
        if (n.isNull()) {
            return def;
        }
        if (!n.isNumber()) {
            throw bad(key, n, "a number");
        }
        return n.asDouble();
    }

    public boolean getBool(String key, boolean def) {
        JsonNode n = node(key);
        if (n.isNull()) {
            return def;
        }
        if (!n.isBoolean()) {
            throw bad(key, n, "a boolean");
        }
        return n.asBoolean();
    }

    public String getString(String key, String def) {
        JsonNode n = node(key);
        if (n.isNull()) {
            return def;
        }
        if (!n.isTextual()) {
            throw bad(key, n, "a string");
        }
        return n.asText();
    }

    /** A string that must be one of {@code allowed}. */
    public String getChoice(String key, String def, String... allowed) {
        String v = getString(key, def);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new UnsupportedConfigException(source + ": unsupported " + key + "=" + v + " (supported: " + String.join(", ", allowed) + ")");
    }

    public List<String> getStrings(String key) {
        JsonNode n = node(key);
        if (!n.isArray()) {
            throw bad(key, n, "a list of strings");
        }
        List<String> out = new ArrayList<>();
        n.forEach(e -> out.add(e.asText()));
        return out;
    }

    /** An int list, or a single int repeated {@code length} times; {@code def} when absent. */
    public int[] getIntsOrScalar(String key, int length, int[] def) {
        JsonNode n = node(key);
        if (n.isNull()) {
            return def;
        }
        int[] out = new int[length];
        if (n.isIntegralNumber()) {
            java.util.Arrays.fill(out, n.asInt());
            return out;
        }
        if (!n.isArray() || n.size() != length) {
            throw bad(key, n, "an integer or a list of " + length + " integers");
        }
        for (int i = 0; i < length; i++) {
            out[i] = n.get(i).asInt();
        }
        return out;
    }

    public int[] getInts(String key) {
        JsonNode n = node(key);
        if (!n.isArray()) {
            throw bad(key, n, "a list of integers");
        }
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asInt();
        }
        return out;
    }

    /**
     * The option is accepted only at its default value. {@code def} is compared as JSON, so {@code null},
     * {@code false}, {@code "default"} and numbers work; an absent key counts as default.
     */
    public void mustBeDefault(String key, Object def) {
        JsonNode n = node(key);
        if (n.isNull() && def == null) {
            return;
        }
        if (n.isNull()) {
            return;
        }
        JsonNode d = JSON.valueToTree(def);
        boolean same = d.isNumber() && n.isNumber() ? d.asDouble() == n.asDouble() : d.equals(n);
        if (!same) {
            throw new UnsupportedConfigException(source + ": unsupported option " + key + "=" + n + " (only " + d + " is implemented)");
        }
    }

    /** Declares keys that do not change the computation here (metadata, training-only or dtype hints). */
    public void noEffect(String... keys) {
        for (String k : keys) {
            seen.add(k);
        }
    }

    /** Rejects every key that was not read, pinned or declared. */
    public void finish() {
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.startsWith("_") && !seen.contains(k)) {
                unknown.add(k);
            }
        }
        if (!unknown.isEmpty()) {
            throw new UnsupportedConfigException(source + ": unknown config option(s) " + unknown);
        }
    }

    private UnsupportedConfigException bad(String key, JsonNode n, String expected) {
        return new UnsupportedConfigException(source + ": option " + key + "=" + n + " must be " + expected);
    }
}
