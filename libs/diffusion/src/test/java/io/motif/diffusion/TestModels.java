package io.motif.diffusion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/** Copies of the fixture's model folders for tests that change a config or drop a part. */
public final class TestModels {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestModels() {
    }

    public static Path copy(Path target, String... parts) throws IOException {
        for (String part : parts) {
            Files.createDirectories(target.resolve(part));
            try (var files = Files.list(Fixtures.publicDir().resolve(part))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, target.resolve(part).resolve(f.getFileName()));
                }
            }
        }
        return target;
    }

    public static void editConfig(Path configJson, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode n = (ObjectNode) JSON.readTree(configJson.toFile());
        edit.accept(n);
        JSON.writeValue(configJson.toFile(), n);
    }

    /** The fixture's toy word-level vocabulary (word → id) from merge_prompts.json. */
    @SuppressWarnings("unchecked")
    public static Map<String, Integer> toyVocab() throws IOException {
        Map<String, Object> m = JSON.readValue(Fixtures.publicDir().resolve("merge_prompts.json").toFile(), Map.class);
        Object v = m.get("toy_vocab");
        if (v instanceof String s) {
            // stored as a Python dict literal
            return JSON.readValue(s.replace('\'', '"'), Map.class);
        }
        return (Map<String, Integer>) v;
    }
}
