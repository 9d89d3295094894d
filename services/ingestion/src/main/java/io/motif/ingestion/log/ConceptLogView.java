package io.motif.ingestion.log;

import com.fasterxml.jackson.databind.JsonNode;
import io.motif.events.cloudevents.CloudEventAttributes;
import io.motif.events.concept.ConceptState;
import io.motif.events.event.ConceptEvent;
import io.motif.events.kafka.ConceptStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read side of the concept log inside ingestion: the {@link ConceptStore} fold of every partition plus each
 * concept's history (CloudEvents attributes and the body as written), and how far each partition has been read.
 * One follower thread writes; request threads read. Every read answers with the log position it was computed at,
 * and {@link #awaitPosition} lets a request wait until the fold includes what was committed before it began.
 *
 * <p>History is held in memory (bodies are small and the log is kept forever); a deployment with a very long log
 * would keep only offsets here and fetch pages from the broker.
 */
public final class ConceptLogView {

    /** One event of a concept's history, where it sits in the log and its attributes. */
    public record LoggedEvent(int partition, long offset, CloudEventAttributes attributes, JsonNode data) {
    }

    /** A concept's state and the position of its partition the state was computed at. */
    public record StateAt(ConceptState state, int partition, long position) {
    }

    /** A page of a concept's history; {@code total} counts every event of the concept at {@code position}. */
    public record HistoryPage(List<LoggedEvent> events, int from, int total, int partition, long position) {
    }

    private final ConceptStore store = new ConceptStore();
    private final Map<String, List<LoggedEvent>> histories = new HashMap<>();
    private final Map<String, Integer> partitionOf = new HashMap<>();
    private final Map<Integer, Long> positions = new HashMap<>();

    /** Folds one record; a duplicate (same ce_id) or an orphan changes neither state nor history. */
    public synchronized ConceptStore.Outcome apply(int partition, long offset, CloudEventAttributes attributes,
                                                   ConceptEvent event, JsonNode data) {
        ConceptStore.Outcome outcome = store.apply(partition, offset, attributes.id(), event);
        advance(partition, offset + 1);
        if (outcome == ConceptStore.Outcome.APPLIED && store.get(partition, event.conceptId()) != null) {
            histories.computeIfAbsent(event.conceptId(), id -> new ArrayList<>())
                    .add(new LoggedEvent(partition, offset, attributes, data));
            partitionOf.put(event.conceptId(), partition);
        }
        return outcome;
    }

    /**
     * Records that a partition has been read up to (not including) {@code position}. The consumer's position also
     * moves past transaction markers and aborted records, which never reach {@link #apply}.
     */
    public synchronized void advance(int partition, long position) {
        if (position > positions.getOrDefault(partition, 0L)) {
            positions.put(partition, position);
            notifyAll();
        }
    }

    public synchronized long position(int partition) {
        return positions.getOrDefault(partition, 0L);
    }

    /**
     * Waits until the partition has been read to {@code target} or the time is up.
     *
     * @return whether the position was reached
     */
    public synchronized boolean awaitPosition(int partition, long target, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (position(partition) < target) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** The concept's state if it exists and belongs to {@code tenant}; otherwise nothing, whoever owns it. */
    public synchronized Optional<StateAt> state(String conceptId, String tenant) {
        Integer partition = partitionOf.get(conceptId);
        if (partition == null) {
            return Optional.empty();
        }
        ConceptState state = store.get(partition, conceptId);
        if (state == null || !state.tenant().equals(tenant)) {
            return Optional.empty();
        }
        return Optional.of(new StateAt(state, partition, position(partition)));
    }

    /** Events {@code from .. from+limit-1} (0-based, log order) of a concept of {@code tenant}. */
    public synchronized Optional<HistoryPage> history(String conceptId, String tenant, int from, int limit) {
        if (from < 0 || limit < 1) {
            throw new IllegalArgumentException("from must be >= 0 and limit >= 1");
        }
        return state(conceptId, tenant).map(at -> {
            List<LoggedEvent> all = histories.get(conceptId);
            int start = Math.min(from, all.size());
            int end = (int) Math.min((long) start + limit, all.size());
            return new HistoryPage(List.copyOf(all.subList(start, end)), from, all.size(), at.partition(),
                    at.position());
        });
    }

    public synchronized int size() {
        return store.size();
    }
}
