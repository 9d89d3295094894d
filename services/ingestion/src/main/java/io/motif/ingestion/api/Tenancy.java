package io.motif.ingestion.api;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The service's tenant key directory, built from configuration at start-up. */
@ApplicationScoped
public class Tenancy {
    private final TenantKeys keys;
    private final String adminKeyHash;

    public Tenancy(@ConfigProperty(name = "motif.tenants.keys", defaultValue = " ") String configured,
                   @ConfigProperty(name = "motif.admin.key-sha256", defaultValue = " ") String adminKeyHash) {
        this.keys = TenantKeys.parse(configured);
        this.adminKeyHash = adminKeyHash.strip();
    }

    public TenantKeys keys() {
        return keys;
    }

    /** Whether this is the admin key; with no admin hash configured there is no admin. */
    public boolean isAdmin(String key) {
        return !adminKeyHash.isEmpty() && key != null && java.security.MessageDigest.isEqual(
                TenantKeys.hash(key).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                adminKeyHash.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
