package io.motif.ingestion.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys per tenant, held only as sha256 hashes: configured ({@code motif.tenants.keys=acme:<sha256>,…}) or
 * issued by the admin call, which returns the plain key exactly once. A key names exactly one tenant; every
 * resource the API touches is then read or written under that tenant and no other.
 */
public final class TenantKeys {
    private final Map<String, String> tenantByKeyHash = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** Parses {@code tenant:sha256hex} pairs separated by commas (blank = none). */
    public static TenantKeys parse(String config) {
        TenantKeys keys = new TenantKeys();
        if (config == null || config.isBlank()) {
            return keys;
        }
        for (String pair : config.split(",")) {
            String[] parts = pair.strip().split(":");
            if (parts.length != 2 || !parts[1].matches("[0-9a-f]{64}") || !Tenants.isValid(parts[0])) {
                throw new IllegalArgumentException("motif.tenants.keys entries are tenant:sha256hex, got '" + pair + "'");
            }
            keys.tenantByKeyHash.put(parts[1], parts[0]);
        }
        return keys;
    }

    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The tenant this key belongs to. Lookup is by hash, so the plain key is never stored or compared. */
    public Optional<String> tenantOf(String key) {
        if (key == null || key.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(tenantByKeyHash.get(hash(key)));
    }

    /** Issues a new random key for a tenant and returns it; only its hash is kept. */
    public String issue(String tenant) {
        if (!Tenants.isValid(tenant)) {
            throw new IllegalArgumentException("tenant names are 1-40 characters of a-z, 0-9 and '-'");
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String key = "mtf_" + HexFormat.of().formatHex(bytes);
        tenantByKeyHash.put(hash(key), tenant);
        return key;
    }

    /** Tenant name rules (they become object-key prefixes). */
    static final class Tenants {
        private Tenants() {
        }

        static boolean isValid(String tenant) {
            return tenant != null && tenant.matches("[a-z0-9][a-z0-9-]{0,39}");
        }
    }
}
