package io.motif.diffusion.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.motif.diffusion.safetensors.SafetensorsFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A model's parameters, addressed by their diffusers/transformers names. Layers look their weights up by name at
 * every call, so replacing an entry (a Custom Diffusion K/V matrix, a grown token table) takes effect at once,
 * and a trainer can mark any subset {@code setRequiresGradient(true)} and update the arrays in place.
 */
public final class Parameters implements AutoCloseable {

    private final NDManager manager;
    private final Map<String, NDArray> byName = new LinkedHashMap<>();
    private final Set<String> required = new LinkedHashSet<>();

    public Parameters(NDManager manager) {
        this.manager = manager;
    }

    /** The manager that owns every parameter array. */
    public NDManager manager() {
        return manager;
    }

    /** Loads every tensor of {@code file} as float32 into this store. */
    public static Parameters load(Path file, NDManager manager) throws IOException {
        Parameters p = new Parameters(manager);
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            for (String name : st.names()) {
                p.byName.put(name, st.loadFloat32(name, manager));
            }
        }
        return p;
    }

    public NDArray get(String name) {
        NDArray a = byName.get(name);
        if (a == null) {
            throw new IllegalStateException("missing parameter '" + name + "'");
        }
        return a;
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /** Declares that the model uses {@code name}; fails now, at build time, if the weights lack it. */
    public String require(String name) {
        get(name);
        required.add(name);
        return name;
    }

    /**
     * Replaces (or adds) a parameter; the old array is closed unless it is the same one, so callers must not keep
     * references to a replaced array. The new one is taken out of any open NDScope: parameters live as long as
     * the model, not as long as the block that made them.
     */
    public void put(String name, NDArray value) {
        ai.djl.ndarray.NDScope.unregister(value);
        value.attach(manager);
        NDArray old = byName.put(name, value);
        if (old != null && old != value) {
            old.close();
        }
    }

    /** Renames a stored entry (legacy checkpoints use other names for the same tensor). */
    public void rename(String from, String to) {
        NDArray a = byName.remove(from);
        if (a != null) {
            byName.put(to, a);
        }
    }

    /** Fails if the weights hold tensors the model never declared, so nothing is silently ignored. */
    public void checkAllUsed(String what) {
        Set<String> unused = new TreeSet<>(byName.keySet());
        unused.removeAll(required);
        if (!unused.isEmpty()) {
            List<String> show = unused.stream().limit(10).toList();
            throw new IllegalStateException(what + ": " + unused.size() + " weights are not used by the model built from its config, e.g. " + show);
        }
    }

    /** A live, read-only view name → array (the arrays themselves are mutable in place). */
    public Map<String, NDArray> view() {
        return Collections.unmodifiableMap(byName);
    }

    public long count() {
        long n = 0;
        for (NDArray a : byName.values()) {
            n += a.size();
        }
        return n;
    }

    @Override
    public void close() {
        for (NDArray a : byName.values()) {
            a.close();
        }
        byName.clear();
    }
}
