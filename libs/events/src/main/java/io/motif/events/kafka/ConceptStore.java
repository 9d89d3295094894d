package io.motif.events.kafka;

import io.motif.events.concept.ConceptEvolver;
import io.motif.events.concept.ConceptState;
import io.motif.events.event.ConceptEvent;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The in-memory state of the concepts of some log partitions, with the log position each partition has been read
 * to. A record whose {@code ce_id} is among the last {@value #DEDUPLICATION_WINDOW} ids of its partition is
 * dropped (see {@link RecentIds}), and events a snapshot already covers are skipped.
 * <p>
 * Partitions are independent: different threads may fold different partitions at the same time (a parallel
 * rebuild does), but one partition has one writer at a time, and readers of the whole store wait until the
 * writers are done (e.g. by joining their threads).
 */
public final class ConceptStore {

    /** What happened to one record handed to {@link #apply}. */
    public enum Outcome { APPLIED, DUPLICATE, COVERED_BY_SNAPSHOT }

    /** Event ids remembered per partition for deduplication. */
    public static final int DEDUPLICATION_WINDOW = 10_000;

    private static final class Partition {
        final Map<String, ConceptState> states = new HashMap<>();
        final Map<String, Long> snapshotOffsets = new HashMap<>();
        final RecentIds seenIds = new RecentIds(DEDUPLICATION_WINDOW);
        long position;
    }

    /** Concurrent only so that threads folding different partitions can add theirs; a partition is not shared. */
    private final Map<Integer, Partition> partitions = new ConcurrentHashMap<>();

    private Partition partition(int p) {
        return partitions.computeIfAbsent(p, k -> new Partition());
    }

    public ConceptState get(int partition, String conceptId) {
        Partition part = partitions.get(partition);
        return part == null ? null : part.states.get(conceptId);
    }

    /** Looks a concept up in whichever partition holds it. */
    public ConceptState find(String conceptId) {
        for (Partition part : partitions.values()) {
            ConceptState state = part.states.get(conceptId);
            if (state != null) {
                return state;
            }
        }
        return null;
    }

    /**
     * Folds one log record into the state.
     *
     * @param offset the record's offset; the partition's position moves past it whatever the outcome
     */
    public Outcome apply(int partition, long offset, String eventId, ConceptEvent event) {
        Partition part = partition(partition);
        part.position = Math.max(part.position, offset + 1);
        if (!part.seenIds.add(eventId)) {
            return Outcome.DUPLICATE;
        }
        String conceptId = event.conceptId();
        if (!part.snapshotOffsets.isEmpty()) { // a full replay has no snapshot: skip the lookup per event
            Long covered = part.snapshotOffsets.get(conceptId);
            if (covered != null && offset < covered) {
                return Outcome.COVERED_BY_SNAPSHOT;
            }
        }
        part.states.put(conceptId, ConceptEvolver.evolve(part.states.get(conceptId), event));
        return Outcome.APPLIED;
    }

    /** Applies an event this process has just written itself (its offset is not known until commit). */
    public void applyOwn(int partition, String eventId, ConceptEvent event) {
        Partition part = partition(partition);
        part.seenIds.add(eventId);
        part.states.put(event.conceptId(), ConceptEvolver.evolve(part.states.get(event.conceptId()), event));
    }

    /** Installs a snapshot: the state as of {@code logOffset}; events of this concept before it are skipped. */
    public void restore(int partition, long logOffset, ConceptState state) {
        Partition part = partition(partition);
        part.states.put(state.conceptId(), state);
        part.snapshotOffsets.put(state.conceptId(), logOffset);
    }

    /** Where reading the log of a partition should go on: its position, never ahead of a snapshot's offset. */
    public long position(int partition) {
        Partition part = partitions.get(partition);
        if (part == null) {
            return 0;
        }
        long start = part.position;
        if (start == 0 && !part.snapshotOffsets.isEmpty()) {
            start = part.snapshotOffsets.values().stream().mapToLong(Long::longValue).min().orElse(0);
        }
        return start;
    }

    public void forget(Collection<Integer> partitionNumbers) {
        partitionNumbers.forEach(partitions::remove);
    }

    public Set<Integer> partitionNumbers() {
        return Set.copyOf(partitions.keySet());
    }

    public int size() {
        return partitions.values().stream().mapToInt(p -> p.states.size()).sum();
    }

    /** Visits every concept with its partition. */
    public void forEach(BiConsumer<Integer, ConceptState> visitor) {
        partitions.forEach((p, part) -> part.states.values().forEach(s -> visitor.accept(p, s)));
    }

    public List<ConceptState> states() {
        return partitions.values().stream().flatMap(p -> p.states.values().stream()).toList();
    }
}
