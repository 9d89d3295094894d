package io.motif.events.kafka;

import io.motif.events.Vocabulary;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TopicCatalogTest {

    private final TopicCatalog catalog = TopicCatalog.load();

    @Test
    void theCatalogNamesExactlyTheTopicsTheCodeUses() {
        List<String> jobTopics = List.of("retrieval", "training", "merge", "sampling").stream()
                .map(k -> Topics.JOBS_PREFIX + k).toList();
        Set<String> code = new HashSet<>(List.of(Topics.COMMANDS, Topics.CONCEPT_EVENTS, Topics.CONCEPT_SNAPSHOTS,
                Topics.PROGRESS, Topics.COMPLETIONS, Topics.DEAD_LETTER, Topics.JOBS_STATUS));
        code.addAll(jobTopics);
        assertThat(catalog.topics()).extracting(TopicSpec::name).containsExactlyInAnyOrderElementsOf(code);
    }

    @Test
    void everyTypeIsCarriedSomewhereAndEveryCarriedTypeExists() {
        Set<String> carried = new HashSet<>();
        for (TopicSpec topic : catalog.topics()) {
            if (!topic.carriesAnyType()) {
                carried.addAll(topic.carries());
            }
        }
        assertThat(carried).containsExactlyInAnyOrderElementsOf(Vocabulary.types());
    }

    @Test
    void theLogIsKeptForeverAndSnapshotsAreCompacted() {
        TopicSpec log = catalog.get(Topics.CONCEPT_EVENTS);
        assertThat(log.configs()).containsEntry("retention.ms", "-1").containsEntry("cleanup.policy", "delete");
        assertThat(catalog.get(Topics.CONCEPT_SNAPSHOTS).configs()).containsEntry("cleanup.policy", "compact");
        // one status per job id is all a worker needs; older statuses of the same job are compacted away
        assertThat(catalog.get(Topics.JOBS_STATUS).configs()).containsEntry("cleanup.policy", "compact");
        assertThat(catalog.get(Topics.JOBS_STATUS).key()).isEqualTo("jobId");
        assertThat(Long.parseLong(catalog.get(Topics.PROGRESS).configs().get("retention.ms")))
                .isLessThanOrEqualTo(24L * 3600 * 1000);
    }

    @Test
    void commandsLogAndSnapshotsArePartitionedAlikeForTheSingleWriter() {
        int p = catalog.get(Topics.CONCEPT_EVENTS).partitions();
        assertThat(catalog.get(Topics.COMMANDS).partitions()).isEqualTo(p);
        assertThat(catalog.get(Topics.CONCEPT_SNAPSHOTS).partitions()).isEqualTo(p);
        assertThat(catalog.topics()).allSatisfy(t -> assertThat(t.key()).isNotBlank());
        assertThat(catalog.topics()).allSatisfy(t -> assertThat(t.producers()).isNotEmpty());
        assertThat(catalog.topics()).allSatisfy(t -> assertThat(t.consumers()).isNotEmpty());
    }
}
