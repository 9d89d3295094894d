package io.motif.events.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.motif.events.Vocabulary;
import io.motif.events.event.ConceptRegistered;
import io.motif.events.json.MotifJson;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every type has examples in {@code schemas/examples/<type>.json}: valid ones must pass the schema and survive a
 * round trip through the Java record unchanged; invalid ones must fail with the message the example names.
 */
class ExamplesTest {

    private final SchemaRegistry schemas = SchemaRegistry.instance();

    @TestFactory
    Stream<DynamicTest> examples() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Vocabulary.Entry entry : Vocabulary.all()) {
            JsonNode examples = SchemaFiles.read("examples/" + entry.type() + ".json");
            assertThat(examples.path("type").asText()).isEqualTo(entry.type());
            assertThat(examples.path("valid")).as(entry.type() + " valid examples").isNotEmpty();
            assertThat(examples.path("invalid")).as(entry.type() + " invalid examples").isNotEmpty();
            int i = 0;
            for (JsonNode valid : examples.path("valid")) {
                tests.add(DynamicTest.dynamicTest(entry.type() + " valid #" + i++, () -> {
                    assertThat(schemas.validate(entry.type(), valid)).isEmpty();
                    Object record = MotifJson.mapper().treeToValue(valid, entry.javaType());
                    // through bytes, as on the wire: numbers come back with the same node types as the example's
                    JsonNode back = MotifJson.mapper().readTree(MessageCodec.encode(record));
                    assertThat(back).isEqualTo(valid);
                }));
            }
            for (JsonNode invalid : examples.path("invalid")) {
                String why = invalid.path("why").asText();
                tests.add(DynamicTest.dynamicTest(entry.type() + " invalid: " + why, () -> {
                    List<String> problems = schemas.validate(entry.type(), invalid.path("instance"));
                    assertThat(problems).as(why).anySatisfy(p -> assertThat(p).contains(invalid.path("expect").asText()));
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void checkedDecodingNamesTheReasonCode() {
        assertThatThrownBy(() -> MessageCodec.decodeChecked("concept.register.v1", "{not json".getBytes()))
                .isInstanceOf(InvalidMessageException.class)
                .satisfies(e -> assertThat(((InvalidMessageException) e).code()).isEqualTo("invalid-json"));
        assertThatThrownBy(() -> MessageCodec.decodeChecked("concept.register.v9", "{}".getBytes()))
                .satisfies(e -> assertThat(((InvalidMessageException) e).code()).isEqualTo("unknown-type"))
                .hasMessageContaining("concept.register.v9");
        assertThatThrownBy(() -> MessageCodec.decodeChecked("concept.register.v1", "{\"tenant\":\"acme\"}".getBytes()))
                .satisfies(e -> assertThat(((InvalidMessageException) e).code()).isEqualTo("schema-violation"))
                .hasMessageContaining("required property 'conceptId' not found");
    }

    @Test
    void version1RegistrationsAreReadAsVersion2WithTheDefaultTokens() throws Exception {
        byte[] v1 = "{\"conceptId\":\"old-dog\",\"tenant\":\"acme\",\"name\":\"Old dog\",\"category\":\"dog\"}"
                .getBytes();
        Object checked = MessageCodec.decodeChecked("concept.registered.v1", v1);
        Object trusted = MessageCodec.decodeTrusted("concept.registered.v1", v1);
        ConceptRegistered expected = new ConceptRegistered("old-dog", "acme", "Old dog", "dog", "<new1>", "ktn");
        assertThat(checked).isEqualTo(expected);
        assertThat(trusted).isEqualTo(expected);
        // the upcast event is a valid v2 event
        assertThat(schemas.validate("concept.registered.v2", MotifJson.mapper().valueToTree(checked))).isEmpty();
    }
}
