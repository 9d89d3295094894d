package io.motif.events.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.motif.events.Vocabulary;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates message bodies against the JSON Schemas in {@code schemas/}, which ship in this jar under
 * {@code motif/schemas/}. The schemas' {@code $id}s live under {@value #BASE_URI}; that prefix is mapped to the
 * classpath so nothing is fetched from the network.
 */
public final class SchemaRegistry {

    public static final String BASE_URI = "https://schemas.motif.io/";
    public static final String CLASSPATH_ROOT = "motif/schemas/";

    private static final SchemaRegistry INSTANCE = new SchemaRegistry();

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(m -> m.mapPrefix(BASE_URI, "classpath:" + CLASSPATH_ROOT)));
    private final Map<String, JsonSchema> byType = new ConcurrentHashMap<>();

    private SchemaRegistry() {
    }

    public static SchemaRegistry instance() {
        return INSTANCE;
    }

    /** @return the problems found, sorted by where they are; empty when the body is valid */
    public List<String> validate(String type, JsonNode body) {
        JsonSchema schema = byType.computeIfAbsent(type, this::load);
        return schema.validate(body).stream()
                .sorted(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
                        .thenComparing(ValidationMessage::getMessage))
                .map(ValidationMessage::getMessage)
                .toList();
    }

    private JsonSchema load(String type) {
        Vocabulary.Entry entry = Vocabulary.byType(type)
                .orElseThrow(() -> new IllegalArgumentException("unknown message type " + type));
        return factory.getSchema(SchemaLocation.of(BASE_URI + entry.schemaPath()));
    }
}
