package io.motif.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Classpaths of the child JVMs (the broker, S3Proxy). The build resolves those jars into the local Maven
 * repository and writes their absolute paths into this module's resources (maven-dependency-plugin
 * {@code build-classpath}), so a fresh clone works after {@code ./mvnw install}.
 */
final class ChildClasspaths {

    private ChildClasspaths() {
    }

    static String kafka() {
        return read("kafka.classpath");
    }

    static String s3proxy() {
        return read("s3proxy.classpath");
    }

    private static String read(String resource) {
        String classpath;
        try (InputStream in = ChildClasspaths.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource io/motif/stack/" + resource
                        + ": build motif-local-stack with Maven (./mvnw install)");
            }
            classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (!Files.exists(Path.of(entry))) {
                throw new IllegalStateException("jar missing from the local Maven repository: " + entry
                        + " (run ./mvnw install to fetch it)");
            }
        }
        return classpath;
    }
}
