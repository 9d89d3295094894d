package io.motif.events.snapshot;

import io.motif.events.Image;
import io.motif.events.concept.ConceptEvolver;
import io.motif.events.concept.ConceptState;
import io.motif.events.concept.JobState;
import io.motif.events.concept.Phase;
import io.motif.events.concept.RandomHistories;
import io.motif.events.schema.MessageCodec;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotCodecTest {

    @Test
    void foldedStatesSurviveTheBinaryRoundTripAndEqualTheirJsonForm() {
        RandomHistories histories = new RandomHistories(7);
        for (int i = 0; i < 300; i++) {
            ConceptState state = ConceptEvolver.replay(histories.history("concept-" + i, 1 + i % 40));
            ConceptSnapshot snapshot = new ConceptSnapshot(i % 12, 1_000_000L * i, state);
            byte[] binary = SnapshotCodec.encode(snapshot);
            assertThat(SnapshotCodec.decode(binary)).isEqualTo(snapshot);
            assertThat(MessageCodec.decodeTrusted(MessageCodec.encode(snapshot), ConceptSnapshot.class))
                    .as("the JSON form of the same snapshot").isEqualTo(SnapshotCodec.decode(binary));
        }
    }

    @Test
    void everyOptionalFieldAndLargeNumbersRoundTrip() {
        JobState full = new JobState(Phase.FAILED, "job-1", 3, "gpu-7", 200, "t/concepts/c/checkpoints/200",
                List.of("t/a", "t/b"), "out of memory — retry on a larger card");
        ConceptState state = new ConceptState("c-1", "t", "Ünïcode name 犬", "dog", "<new1>", "ktn", true,
                List.of(new Image("t/concepts/c-1/images/0.png", "ab".repeat(32), 4096, 1, "png")), full,
                JobState.NONE, full, new JobState(Phase.NONE, null, 0, null, 0, null, List.of(), null),
                Long.MAX_VALUE);
        ConceptSnapshot snapshot = new ConceptSnapshot(Integer.MAX_VALUE, Long.MAX_VALUE, state);
        ConceptSnapshot decoded = SnapshotCodec.decode(SnapshotCodec.encode(snapshot));
        assertThat(decoded).isEqualTo(snapshot);
        assertThat(decoded.state().sampling()).as("empty jobs share one instance").isSameAs(JobState.NONE);
    }

    @Test
    void truncatedOrForeignBytesAreRejected() {
        ConceptState state = ConceptEvolver.replay(new RandomHistories(1).history("c-2", 10));
        byte[] bytes = SnapshotCodec.encode(new ConceptSnapshot(0, 5, state));
        assertThatThrownBy(() -> SnapshotCodec.decode(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> SnapshotCodec.decode(longer)).hasMessageContaining("after the snapshot");
        assertThatThrownBy(() -> SnapshotCodec.decode("{\"logPartition\":0}".getBytes()))
                .hasMessageContaining("unknown snapshot format");
    }

    /** The layout lists every component by hand: a new one must reach the codec (and a new format byte). */
    @Test
    void theLayoutCoversEveryComponentOfTheSnapshotRecords() {
        assertThat(names(ConceptSnapshot.class)).containsExactly("logPartition", "logOffset", "state");
        assertThat(names(ConceptState.class)).containsExactly("conceptId", "tenant", "name", "category",
                "modifierToken", "initializerToken", "deleted", "images", "regularization", "training", "merge",
                "sampling", "version");
        assertThat(names(Image.class)).containsExactly("objectKey", "sha256", "width", "height", "format");
        assertThat(names(JobState.class)).containsExactly("phase", "jobId", "attempt", "worker", "checkpointStep",
                "checkpointKey", "resultKeys", "failure");
        assertThat(Phase.values()).as("phases are stored as ordinals").containsExactly(Phase.NONE, Phase.REQUESTED,
                Phase.RUNNING, Phase.COMPLETED, Phase.FAILED);
        assertThat(SnapshotCodec.FORMAT).isEqualTo((byte) 1);
    }

    private static List<String> names(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    }
}
