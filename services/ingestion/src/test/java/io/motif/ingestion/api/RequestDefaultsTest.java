package io.motif.ingestion.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.motif.events.command.RequestTraining;
import io.motif.events.schema.MessageCodec;
import org.junit.jupiter.api.Test;

/** Defaults complete a request into a command its schema accepts, and never override what the caller sent. */
class RequestDefaultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode ids() {
        ObjectNode body = JSON.createObjectNode();
        body.put("commandId", "cmd-defaults-1");
        body.put("tenant", "acme");
        body.put("conceptId", "dog");
        return body;
    }

    @Test
    void anEmptyTrainingRequestBecomesAValidCommandWithTheReferenceValues() throws Exception {
        ObjectNode body = ids();
        RequestDefaults.fill("concept.request-training.v1", body);
        RequestTraining command = (RequestTraining) MessageCodec.decodeChecked("concept.request-training.v1",
                JSON.writeValueAsBytes(body));
        assertThat(command.steps()).isEqualTo(250);
        assertThat(command.batchSize()).isEqualTo(8);
        assertThat(command.learningRate()).isEqualTo(8e-5);
        assertThat(command.seed()).isEqualTo(42);
    }

    @Test
    void givenValuesStayEvenWhenInvalid() {
        ObjectNode body = ids();
        body.put("steps", 10);
        body.put("learningRate", -1);
        RequestDefaults.fill("concept.request-training.v1", body);
        assertThat(body.get("steps").asInt()).isEqualTo(10);
        assertThat(body.get("learningRate").asDouble()).isEqualTo(-1);
        assertThat(body.get("batchSize").asInt()).isEqualTo(8);
    }

    @Test
    void regularizationAndSamplesAreCompletedButPromptsAreNot() throws Exception {
        ObjectNode reg = ids();
        RequestDefaults.fill("concept.request-regularization.v1", reg);
        assertThatCode(() -> MessageCodec.decodeChecked("concept.request-regularization.v1",
                JSON.writeValueAsBytes(reg))).doesNotThrowAnyException();

        ObjectNode samples = ids();
        RequestDefaults.fill("concept.request-samples.v1", samples);
        assertThat(samples.has("prompts")).isFalse();
        samples.putArray("prompts").add("photo of a <new1> dog");
        assertThatCode(() -> MessageCodec.decodeChecked("concept.request-samples.v1",
                JSON.writeValueAsBytes(samples))).doesNotThrowAnyException();
    }

    @Test
    void mergeHasNoDefaults() {
        ObjectNode body = ids();
        RequestDefaults.fill("concept.request-merge.v1", body);
        assertThat(body.size()).isEqualTo(3);
        assertThat(RequestDefaults.of("concept.request-merge.v1")).isEmpty();
    }
}
