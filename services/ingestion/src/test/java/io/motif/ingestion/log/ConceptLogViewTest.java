package io.motif.ingestion.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.motif.events.Image;
import io.motif.events.Vocabulary;
import io.motif.events.cloudevents.CloudEventAttributes;
import io.motif.events.concept.Phase;
import io.motif.events.event.ConceptEvent;
import io.motif.events.event.ConceptRegistered;
import io.motif.events.event.ImagesAdded;
import io.motif.events.event.RegularizationRequested;
import io.motif.events.json.MotifJson;
import io.motif.events.kafka.ConceptStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The read side's fold and history: order, duplicates, tenants, pages and positions. */
class ConceptLogViewTest {

    private static ConceptStore.Outcome apply(ConceptLogView view, int partition, long offset, String id,
                                              ConceptEvent event) {
        CloudEventAttributes ce = new CloudEventAttributes(id, Vocabulary.typeOf(event), "motif/test",
                event.conceptId(), Instant.parse("2026-01-01T00:00:00Z"));
        JsonNode data = MotifJson.mapper().valueToTree(event);
        return view.apply(partition, offset, ce, event, data);
    }

    private static ConceptLogView dogOfAcme() {
        ConceptLogView view = new ConceptLogView();
        apply(view, 2, 10, "e1", new ConceptRegistered("dog", "acme", "My dog", "dog", "<v1>", "ktn"));
        apply(view, 2, 11, "x1", new ConceptRegistered("cat", "globex", "A cat", "cat", "<v2>", "ktn"));
        apply(view, 2, 12, "e2", new ImagesAdded("dog", "acme",
                List.of(new Image("acme/images/ab", "ab", 64, 64, "png"))));
        apply(view, 2, 13, "e3", new RegularizationRequested("dog", "acme", "job-1", "retrieved", 200));
        return view;
    }

    @Test
    void stateIsTheFoldAndSaysWhereItWasComputed() {
        ConceptLogView.StateAt at = dogOfAcme().state("dog", "acme").orElseThrow();
        assertThat(at.state().images()).extracting(Image::sha256).containsExactly("ab");
        assertThat(at.state().regularization().phase()).isEqualTo(Phase.REQUESTED);
        assertThat(at.state().regularization().jobId()).isEqualTo("job-1");
        assertThat(at.partition()).isEqualTo(2);
        assertThat(at.position()).isEqualTo(14);
    }

    @Test
    void anotherTenantSeesNothingAndUnknownIdsLookTheSame() {
        ConceptLogView view = dogOfAcme();
        assertThat(view.state("dog", "globex")).isEmpty();
        assertThat(view.history("dog", "globex", 0, 10)).isEmpty();
        assertThat(view.state("nobody", "acme")).isEmpty();
        assertThat(view.state("cat", "globex")).isPresent();
    }

    @Test
    void historyIsInLogOrderWithoutDuplicatesOrOtherConcepts() {
        ConceptLogView view = dogOfAcme();
        assertThat(apply(view, 2, 14, "e2", new ImagesAdded("dog", "acme", List.of())))
                .isEqualTo(ConceptStore.Outcome.DUPLICATE);
        ConceptLogView.HistoryPage all = view.history("dog", "acme", 0, 100).orElseThrow();
        assertThat(all.total()).isEqualTo(3);
        assertThat(all.events()).extracting(e -> e.attributes().id()).containsExactly("e1", "e2", "e3");
        assertThat(all.events()).extracting(ConceptLogView.LoggedEvent::offset).containsExactly(10L, 12L, 13L);
        assertThat(all.events().get(2).data().get("jobId").asText()).isEqualTo("job-1");
        assertThat(all.position()).isEqualTo(15);
    }

    @Test
    void pagesSliceTheHistory() {
        ConceptLogView view = dogOfAcme();
        ConceptLogView.HistoryPage first = view.history("dog", "acme", 0, 2).orElseThrow();
        ConceptLogView.HistoryPage second = view.history("dog", "acme", 2, 2).orElseThrow();
        ConceptLogView.HistoryPage beyond = view.history("dog", "acme", 7, 2).orElseThrow();
        assertThat(first.events()).extracting(e -> e.attributes().id()).containsExactly("e1", "e2");
        assertThat(second.events()).extracting(e -> e.attributes().id()).containsExactly("e3");
        assertThat(beyond.events()).isEmpty();
        assertThat(beyond.total()).isEqualTo(3);
    }

    @Test
    void eventsBeforeARegistrationAreNotHistory() {
        ConceptLogView view = new ConceptLogView();
        apply(view, 0, 0, "o1", new ImagesAdded("ghost", "acme", List.of()));
        assertThat(view.state("ghost", "acme")).isEmpty();
        apply(view, 0, 1, "o2", new ConceptRegistered("ghost", "acme", "Ghost", "dog", "<v1>", "ktn"));
        assertThat(view.history("ghost", "acme", 0, 10).orElseThrow().events())
                .extracting(e -> e.attributes().id()).containsExactly("o2");
    }

    @Test
    void awaitPositionReturnsOnceTheFollowerGetsThereAndTimesOutOtherwise() throws Exception {
        ConceptLogView view = new ConceptLogView();
        view.advance(1, 5);
        assertThat(view.awaitPosition(1, 5, 0)).isTrue();
        assertThat(view.awaitPosition(1, 6, 50)).isFalse();
        Thread follower = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            view.advance(1, 9); // a transaction marker: the position moves without an event
        });
        follower.start();
        assertThat(view.awaitPosition(1, 9, 10_000)).isTrue();
        follower.join();
        assertThat(view.position(1)).isEqualTo(9);
        view.advance(1, 3);
        assertThat(view.position(1)).as("positions never move back").isEqualTo(9);
    }
}
