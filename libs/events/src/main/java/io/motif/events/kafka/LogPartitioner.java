package io.motif.events.kafka;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;

/**
 * The partition of a concept in the log (and in every topic with the same partition count): Kafka's own keyed
 * partitioning, murmur2 of the UTF-8 concept id. Written out because producers in other languages (kcat's
 * librdkafka defaults to CRC32) may put a command elsewhere; the command processor reroutes those.
 */
public final class LogPartitioner {

    private LogPartitioner() {
    }

    public static int partitionFor(String conceptId, int partitions) {
        return Utils.toPositive(Utils.murmur2(conceptId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
