package io.motif.events.kafka;

import java.util.HashSet;
import java.util.Set;

/**
 * The last {@code capacity} event ids seen, for dropping redelivered records by {@code ce_id}. Bounded on purpose:
 * remembering every id of a million-event log costs more memory and GC time than the fold itself, and duplicates
 * are close to their original (a producer retry, a re-sent batch); the transactional writer never appends the same
 * event twice, and worker reports that repeat are recognised by the state itself.
 */
final class RecentIds {

    private final String[] ring;
    private final Set<String> ids;
    private int next;

    RecentIds(int capacity) {
        this.ring = new String[capacity];
        this.ids = new HashSet<>(capacity * 2);
    }

    /** @return false if the id is among the recent ones (a duplicate) */
    boolean add(String id) {
        if (!ids.add(id)) {
            return false;
        }
        String evicted = ring[next];
        if (evicted != null) {
            ids.remove(evicted);
        }
        ring[next] = id;
        next = (next + 1) % ring.length;
        return true;
    }
}
