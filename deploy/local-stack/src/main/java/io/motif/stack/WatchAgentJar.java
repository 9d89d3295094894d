package io.motif.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes the tiny jar that holds {@link ParentWatchAgent} (and {@link GuardedCommand} for non-Java children).
 * It is written at run time from this module's own classes, so it works whether this module is on the classpath
 * as a jar or as a {@code target/classes} folder.
 */
final class WatchAgentJar {

    private static final List<Class<?>> CLASSES = List.of(
            ParentWatchAgent.class, ParentWatchAgent.WatchArgs.class, GuardedCommand.class);

    private WatchAgentJar() {
    }

    /** Writes (or rewrites) the agent jar in {@code dir} and returns its path. */
    static Path writeInto(Path dir) {
        try {
            Files.createDirectories(dir);
            Path jar = dir.resolve("motif-watch-agent.jar");
            Path tmp = Files.createTempFile(dir, "motif-watch-agent", ".tmp");
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), ParentWatchAgent.class.getName());
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, GuardedCommand.class.getName());
            try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jar2 = new JarOutputStream(out, manifest)) {
                for (Class<?> type : CLASSES) {
                    String entry = type.getName().replace('.', '/') + ".class";
                    try (InputStream in = WatchAgentJar.class.getClassLoader().getResourceAsStream(entry)) {
                        if (in == null) {
                            throw new IllegalStateException("class file not found on the classpath: " + entry);
                        }
                        jar2.putNextEntry(new JarEntry(entry));
                        in.transferTo(jar2);
                        jar2.closeEntry();
                    }
                }
            }
            // atomic, so that a child JVM starting right now never reads a half-written jar
            Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the watch agent jar into " + dir, e);
        }
    }
}
