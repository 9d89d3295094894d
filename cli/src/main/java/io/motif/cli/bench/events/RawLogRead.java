package io.motif.cli.bench.events;

import io.motif.events.kafka.StateRebuilder;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The baseline of a rebuild: the same partitions fetched by the same number of consumers, every record's value
 * and headers touched, nothing decoded or folded. What a rebuild costs beyond this is decoding and folding.
 */
public final class RawLogRead {

    private RawLogRead() {
    }

    /** Returns the number of records read. */
    public static long read(Supplier<? extends Consumer<byte[], byte[]>> consumers, String topic,
                            Collection<Integer> partitions, int threads) throws Exception {
        List<List<Integer>> shares = StateRebuilder.shares(partitions, threads);
        ExecutorService pool = Executors.newFixedThreadPool(shares.size());
        try {
            List<Future<Long>> reads = new ArrayList<>();
            for (List<Integer> share : shares) {
                reads.add(pool.submit(() -> {
                    try (Consumer<byte[], byte[]> consumer = consumers.get()) {
                        return readAll(consumer, topic, share);
                    }
                }));
            }
            long records = 0;
            for (Future<Long> read : reads) {
                records += read.get();
            }
            return records;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long readAll(Consumer<byte[], byte[]> consumer, String topic, List<Integer> partitions) {
        List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        Map<TopicPartition, Long> remaining = new HashMap<>(consumer.endOffsets(tps));
        remaining.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        long records = 0;
        long touched = 0;
        while (!remaining.isEmpty()) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                records++;
                touched += record.value().length + record.headers().toArray().length;
            }
            remaining.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        }
        if (records > 0 && touched == 0) {
            throw new IllegalStateException("records without bytes");
        }
        return records;
    }
}
