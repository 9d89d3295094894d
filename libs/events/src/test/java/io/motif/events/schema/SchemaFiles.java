package io.motif.events.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.motif.events.json.MotifJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads the schema folder as it ships in the jar (copied from {@code schemas/} at build time). */
final class SchemaFiles {

    private SchemaFiles() {
    }

    static JsonNode read(String relativePath) {
        String resource = SchemaRegistry.CLASSPATH_ROOT + relativePath;
        try (InputStream in = SchemaFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no file schemas/" + relativePath);
            }
            return MotifJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path root() {
        URL url = SchemaFiles.class.getClassLoader().getResource(SchemaRegistry.CLASSPATH_ROOT + "common.schema.json");
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Paths relative to the schema root of every file ending in {@code .schema.json}, except the shared one. */
    static List<String> messageSchemas() {
        Path root = root();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".schema.json"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.equals("common.schema.json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
