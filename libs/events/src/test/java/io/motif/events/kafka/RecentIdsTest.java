package io.motif.events.kafka;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecentIdsTest {

    @Test
    void remembersTheLastIdsOnlyUpToItsCapacity() {
        RecentIds ids = new RecentIds(3);
        assertThat(ids.add("a")).isTrue();
        assertThat(ids.add("b")).isTrue();
        assertThat(ids.add("a")).as("a duplicate within the window").isFalse();
        assertThat(ids.add("c")).isTrue();
        assertThat(ids.add("d")).as("evicts a, the oldest").isTrue();
        assertThat(ids.add("b")).isFalse();
        assertThat(ids.add("a")).as("a fell out of the window").isTrue();
    }
}
