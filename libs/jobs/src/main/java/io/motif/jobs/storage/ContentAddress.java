package io.motif.jobs.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Content addressing: an object's key ends in the sha256 of its bytes, {@code <prefix>/<sha256>} — with Motif's
 * prefix {@code tenants/<tenant>/<kind>} this is the layout of {@code io.motif.storage.ObjectKey} — so equal content
 * is stored once, a key never changes meaning, and a re-run of a job writes the same key again harmlessly.
 */
public final class ContentAddress {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private ContentAddress() {
    }

    /** Motif's prefix for a tenant's objects of one kind. */
    public static String prefix(String tenant, String kind) {
        return "tenants/" + tenant + "/" + kind;
    }

    public static String keyFor(String prefix, String sha256Hex) {
        String clean = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return (clean.isEmpty() ? "" : clean + "/") + sha256Hex;
    }

    /** The hash at the end of a content-addressed key (its last path segment). */
    public static String hashOf(String key) {
        String last = key.substring(key.lastIndexOf('/') + 1);
        if (!SHA256.matcher(last).matches()) {
            throw new IllegalArgumentException("not a content-addressed key (last segment must be a sha256): " + key);
        }
        return last;
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest md = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Stores the bytes under their content key (skipping the upload when it is already there) and returns the key. */
    public static String store(BlobStore store, String prefix, byte[] bytes) throws IOException {
        String key = keyFor(prefix, sha256(bytes));
        if (!store.exists(key)) {
            store.put(key, bytes);
        }
        return key;
    }

    public static String store(BlobStore store, String prefix, Path file) throws IOException {
        String key = keyFor(prefix, sha256(file));
        if (!store.exists(key)) {
            store.put(key, file);
        }
        return key;
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
