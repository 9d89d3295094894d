package io.motif.events.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.motif.events.OptionalField;
import io.motif.events.Vocabulary;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schemas and the Java records are two spellings of one vocabulary; this test fails as soon as they differ in
 * either direction: a schema without a record, a record without a schema, a field on one side only, a different
 * required set or a different JSON type (nested records included).
 */
class SchemaContractTest {

    @Test
    void everySchemaFileHasARecordAndEveryRecordHasASchemaFile() {
        List<String> declared = Vocabulary.all().stream().map(Vocabulary.Entry::schemaPath).sorted().toList();
        assertThat(SchemaFiles.messageSchemas()).containsExactlyElementsOf(declared);
    }

    @TestFactory
    Stream<DynamicTest> eachRecordMatchesItsSchema() {
        return Vocabulary.all().stream().map(entry -> DynamicTest.dynamicTest(entry.type(), () -> {
            JsonNode schema = SchemaFiles.read(entry.schemaPath());
            assertThat(schema.path("$id").asText()).isEqualTo(SchemaRegistry.BASE_URI + entry.schemaPath());
            List<String> problems = new ArrayList<>();
            compareObject(entry.type(), schema, schema, entry.javaType(), problems);
            assertThat(problems).isEmpty();
        }));
    }

    private void compareObject(String where, JsonNode file, JsonNode node, Class<?> type, List<String> problems) {
        JsonNode schema = resolve(file, node);
        JsonNode objectFile = fileOf(file, node);
        if (!"object".equals(schema.path("type").asText())) {
            problems.add(where + ": schema type is not object for record " + type.getSimpleName());
            return;
        }
        if (schema.path("additionalProperties").asBoolean(true)) {
            problems.add(where + ": additionalProperties must be false");
        }
        RecordComponent[] components = type.getRecordComponents();
        Set<String> fields = new TreeSet<>();
        Set<String> required = new TreeSet<>();
        for (RecordComponent c : components) {
            fields.add(c.getName());
            if (!c.isAnnotationPresent(OptionalField.class)) {
                required.add(c.getName());
            }
        }
        Set<String> schemaFields = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(schemaFields::add);
        Set<String> schemaRequired = new TreeSet<>();
        schema.path("required").forEach(n -> schemaRequired.add(n.asText()));
        if (!fields.equals(schemaFields)) {
            problems.add(where + ": record fields " + fields + " but schema properties " + schemaFields);
        }
        if (!required.equals(schemaRequired)) {
            problems.add(where + ": record requires " + required + " but schema requires " + schemaRequired);
        }
        for (RecordComponent c : components) {
            JsonNode property = schema.path("properties").path(c.getName());
            if (!property.isMissingNode()) {
                compareValue(where + "." + c.getName(), objectFile, property, c.getGenericType(), problems);
            }
        }
    }

    private void compareValue(String where, JsonNode file, JsonNode node, Type javaType, List<String> problems) {
        JsonNode schema = resolve(file, node);
        JsonNode valueFile = fileOf(file, node);
        String jsonType = schema.path("type").asText();
        if (javaType instanceof ParameterizedType p && p.getRawType() == List.class) {
            expect(where, "array", jsonType, problems);
            compareValue(where + "[]", valueFile, schema.path("items"), p.getActualTypeArguments()[0], problems);
            return;
        }
        Class<?> c = (Class<?>) javaType;
        if (c.isRecord()) {
            compareObject(where, valueFile, node, c, problems);
        } else if (c.isEnum()) {
            expect(where, "string", jsonType, problems);
            Set<String> names = new HashSet<>();
            for (Object constant : c.getEnumConstants()) {
                names.add(jsonName((Enum<?>) constant));
            }
            Set<String> allowed = new HashSet<>();
            schema.path("enum").forEach(n -> allowed.add(n.asText()));
            if (!names.equals(allowed)) {
                problems.add(where + ": enum " + names + " but schema allows " + allowed);
            }
        } else if (c == String.class) {
            expect(where, "string", jsonType, problems);
        } else if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
            expect(where, "integer", jsonType, problems);
        } else if (c == double.class || c == Double.class) {
            expect(where, "number", jsonType, problems);
        } else if (c == boolean.class || c == Boolean.class) {
            expect(where, "boolean", jsonType, problems);
        } else {
            problems.add(where + ": no JSON mapping for " + c);
        }
    }

    private static String jsonName(Enum<?> constant) {
        try {
            JsonProperty p = constant.getDeclaringClass().getField(constant.name()).getAnnotation(JsonProperty.class);
            return p != null ? p.value() : constant.name();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void expect(String where, String expected, String actual, List<String> problems) {
        if (!expected.equals(actual)) {
            problems.add(where + ": Java maps to " + expected + " but schema says " + actual);
        }
    }

    /** Follows a {@code $ref} to a local {@code $defs} entry or to common.schema.json. */
    private static JsonNode resolve(JsonNode file, JsonNode node) {
        if (!node.has("$ref")) {
            return node;
        }
        String ref = node.get("$ref").asText();
        JsonNode target = fileOf(file, node);
        String pointer = ref.substring(ref.indexOf('#') + 1);
        return resolve(target, target.at(pointer));
    }

    private static JsonNode fileOf(JsonNode file, JsonNode node) {
        if (!node.has("$ref")) {
            return file;
        }
        String ref = node.get("$ref").asText();
        int hash = ref.indexOf('#');
        String path = hash < 0 ? ref : ref.substring(0, hash);
        if (path.isEmpty()) {
            return file;
        }
        assertThat(path).as("only refs to common.schema.json are resolved by this test")
                .isEqualTo("../common.schema.json");
        return SchemaFiles.read("common.schema.json");
    }

    @Test
    void theContractCheckNoticesADifference() {
        // a record with one field too many against a real schema must be reported
        record RegisterWithExtra(String commandId, String tenant, String conceptId, String name, String category,
                                 @OptionalField String modifierToken, @OptionalField String initializerToken,
                                 int priority) {
        }
        JsonNode schema = SchemaFiles.read("commands/concept.register.v1.schema.json");
        List<String> problems = new ArrayList<>();
        compareObject("test", schema, schema, RegisterWithExtra.class, problems);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("priority"));
        assertThat(Arrays.stream(RegisterWithExtra.class.getRecordComponents()).count()).isEqualTo(8);
    }
}
