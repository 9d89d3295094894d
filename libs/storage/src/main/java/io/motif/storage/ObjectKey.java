package io.motif.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The one key layout of Motif's object storage: {@code tenants/<tenant>/<kind>/<sha256>}.
 * <ul>
 *   <li>the tenant comes first, so a tenant's data is one prefix (listing, quotas, deletion, bucket policies);</li>
 *   <li>{@code kind} says what the bytes are ({@code images}, {@code deltas}, {@code checkpoints}, {@code samples}…);</li>
 *   <li>the name is the sha256 of the bytes: equal content is stored once, a key never changes meaning, and
 *       writing the same object twice (a retried job) is harmless.</li>
 * </ul>
 */
public record ObjectKey(String tenant, String kind, String sha256) {

    /** Lower-case names safe in a URL path and in every S3 implementation. */
    private static final Pattern SEGMENT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String ROOT = "tenants";

    public ObjectKey {
        requireMatch("tenant", tenant, SEGMENT);
        requireMatch("kind", kind, SEGMENT);
        requireMatch("sha256", sha256, SHA256);
    }

    /** The key for these bytes. */
    public static ObjectKey forContent(String tenant, String kind, byte[] bytes) {
        return new ObjectKey(tenant, kind, sha256Hex(bytes));
    }

    /** Reads a key written by {@link #path()}. */
    public static ObjectKey parse(String path) {
        String[] parts = path.split("/", -1);
        if (parts.length != 4 || !ROOT.equals(parts[0])) {
            throw new IllegalArgumentException("not a Motif object key (tenants/<tenant>/<kind>/<sha256>): " + path);
        }
        return new ObjectKey(parts[1], parts[2], parts[3]);
    }

    /** The S3 object name. */
    public String path() {
        return ROOT + "/" + tenant + "/" + kind + "/" + sha256;
    }

    /** The prefix of all objects of one tenant and kind, for listings. */
    public static String prefix(String tenant, String kind) {
        requireMatch("tenant", tenant, SEGMENT);
        requireMatch("kind", kind, SEGMENT);
        return ROOT + "/" + tenant + "/" + kind + "/";
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static void requireMatch(String what, String value, Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid " + what + " '" + value + "' (must match " + pattern + ")");
        }
    }

    @Override
    public String toString() {
        return path();
    }
}
