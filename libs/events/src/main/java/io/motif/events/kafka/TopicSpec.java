package io.motif.events.kafka;

import java.util.List;
import java.util.Map;

/** One entry of {@code schemas/topics.json}. */
public record TopicSpec(String name, String key, int partitions, int replicationFactor, Map<String, String> configs,
                        List<String> carries, List<String> producers, List<String> consumers, String description) {

    /** The catalog writes {@code "*"} for a topic that carries records of any type (the dead-letter topic). */
    public boolean carriesAnyType() {
        return carries.contains("*");
    }
}
