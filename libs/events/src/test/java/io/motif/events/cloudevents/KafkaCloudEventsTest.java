package io.motif.events.cloudevents;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaCloudEventsTest {

    @Test
    void attributesTravelAsCeHeadersInBinaryMode() throws Exception {
        RecordHeaders headers = new RecordHeaders();
        CloudEventAttributes ce = new CloudEventAttributes("id-1", "concept.register.v1", "/motif/test", "my-dog",
                Instant.parse("2026-01-02T03:04:05Z"));
        KafkaCloudEvents.write(headers, ce);
        assertThat(KafkaCloudEvents.text(headers, "ce_specversion")).isEqualTo("1.0");
        assertThat(KafkaCloudEvents.text(headers, "content-type")).isEqualTo("application/json");
        assertThat(KafkaCloudEvents.text(headers, "ce_time")).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(KafkaCloudEvents.read(headers)).isEqualTo(ce);
    }

    @Test
    void aRecordWithoutRequiredAttributesIsNamedPrecisely() {
        RecordHeaders headers = new RecordHeaders();
        assertThatThrownBy(() -> KafkaCloudEvents.read(headers)).hasMessageContaining("ce_specversion");
        headers.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_id", "x".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_source", "kcat".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> KafkaCloudEvents.read(headers)).hasMessageContaining("no ce_type header");
        headers.add("ce_type", "concept.register.v1".getBytes(StandardCharsets.UTF_8));
        headers.add("content-type", "text/plain".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> KafkaCloudEvents.read(headers)).hasMessageContaining("application/json");
    }
}
