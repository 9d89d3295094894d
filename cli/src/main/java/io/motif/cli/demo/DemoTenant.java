package io.motif.cli.demo;

import io.motif.storage.ObjectKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The tenant the demo works as, and its API key. The key is random, made once per stack folder and kept there
 * (readable by its owner only); ingestion is given only its sha256 ({@code motif.tenants.keys=demo:<sha256>}).
 */
public record DemoTenant(String name, String apiKey) {

    public static final String NAME = "demo";

    /** Reads the key kept in {@code file}, or makes and keeps a new one. */
    public static DemoTenant loadOrCreate(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                return new DemoTenant(NAME, Files.readString(file, StandardCharsets.UTF_8).strip());
            }
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            String key = "mtf_demo_" + HexFormat.of().formatHex(bytes);
            Files.createDirectories(file.getParent());
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the folder's own permissions apply
            }
            return new DemoTenant(NAME, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the demo's API key in " + file, e);
        }
    }

    /** The JVM option that makes ingestion accept this tenant's key (hashed as ingestion hashes keys). */
    public String ingestionOption() {
        return "-Dmotif.tenants.keys=" + name + ":" + ObjectKey.sha256Hex(apiKey.getBytes(StandardCharsets.UTF_8));
    }
}
