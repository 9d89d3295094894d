package io.motif.cli.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.motif.events.concept.ConceptState;
import io.motif.events.json.MotifJson;
import io.motif.events.kafka.ConceptStore;
import io.motif.events.kafka.KafkaClients;
import io.motif.events.kafka.StateRebuilder;
import io.motif.events.kafka.Topics;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;

/**
 * Rebuilds concepts' states from the concept log alone, in a process of its own, and prints them as one JSON object
 * (concept id → state; null for a concept the log does not know). It shares nothing with the services but the
 * broker, which is what makes it a check that the log, not some process's memory, holds the truth.
 *
 * <p>Usage: {@code ConceptStateDump BOOTSTRAP_SERVERS CONCEPT_ID…}
 */
public final class ConceptStateDump {

    private ConceptStateDump() {
    }

    public static ObjectNode rebuild(String bootstrapServers, List<String> conceptIds) {
        ConceptStore store = new ConceptStore();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(KafkaClients.consumer(bootstrapServers, null))) {
            List<Integer> partitions = consumer.partitionsFor(Topics.CONCEPT_EVENTS).stream()
                    .map(PartitionInfo::partition).toList();
            StateRebuilder.rebuild(consumer, Topics.CONCEPT_EVENTS, partitions, store);
        }
        ObjectNode states = MotifJson.mapper().createObjectNode();
        for (String id : conceptIds) {
            ConceptState state = store.find(id);
            states.set(id, MotifJson.mapper().valueToTree(state));
        }
        return states;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ConceptStateDump BOOTSTRAP_SERVERS CONCEPT_ID…");
            System.exit(2);
        }
        ObjectNode states = rebuild(args[0], Arrays.asList(args).subList(1, args.length));
        System.out.println(MotifJson.mapper().writeValueAsString(states));
    }
}
