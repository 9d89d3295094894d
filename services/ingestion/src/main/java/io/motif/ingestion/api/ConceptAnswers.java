package io.motif.ingestion.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.motif.events.Image;
import io.motif.events.concept.ConceptState;
import io.motif.events.concept.JobState;
import io.motif.events.concept.Phase;
import io.motif.events.kafka.Topics;
import io.motif.ingestion.log.ConceptLogView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON answers of the concept read endpoints, built from the log view. */
final class ConceptAnswers {
    private ConceptAnswers() {
    }

    @Schema(description = "Where in motif.concept-events an answer was computed: every record of the concept's "
            + "partition before `offset` is folded in. `caughtUp` is false when the read could not wait for the "
            + "records committed before the request (the answer may lag).")
    record LogPosition(String topic, int partition, long offset, boolean caughtUp) {
    }

    @Schema(description = "A concept as the fold of its events: the latest job of each kind, its images and deltas.")
    record ConceptView(String conceptId, String tenant, String name, String category, String modifierToken,
                       String initializerToken, boolean deleted,
                       @Schema(description = "events folded into this state") long version,
                       List<Image> images,
                       @Schema(description = "regularization, training, merge and sampling; resultKeys hold the "
                               + "selection manifest, the trained delta, the merged delta or the sample images")
                       Map<String, JobState> jobs,
                       @Schema(description = "the trained delta, if training completed") String trainedDeltaKey,
                       @Schema(description = "the merged delta, if a merge completed") String mergedDeltaKey,
                       @Schema(description = "the delta sampling applies: merged if any, else trained")
                       String currentDeltaKey,
                       @Schema(description = "sample images of the latest completed sampling job")
                       List<String> sampleKeys,
                       LogPosition asOf, Map<String, String> links) {
    }

    @Schema(description = "One log event in CloudEvents 1.0 form (attributes as in the ce_* Kafka headers) with "
            + "its place in the log and its data as written.")
    record EventView(String specversion, String id, String type, String source, String subject, String time,
                     String datacontenttype, int partition, long offset, JsonNode data) {
    }

    @Schema(description = "A page of a concept's events, oldest first. `total` counts all its events at `asOf`; "
            + "`links.next` is absent on the last page.")
    record EventPage(String conceptId, int from, int limit, int total, List<EventView> events, LogPosition asOf,
                     Map<String, String> links) {
    }

    static ConceptView state(ConceptLogView.StateAt at, boolean caughtUp) {
        ConceptState s = at.state();
        Map<String, JobState> jobs = new LinkedHashMap<>();
        jobs.put("regularization", s.regularization());
        jobs.put("training", s.training());
        jobs.put("merge", s.merge());
        jobs.put("sampling", s.sampling());
        String base = "/concepts/" + s.conceptId();
        return new ConceptView(s.conceptId(), s.tenant(), s.name(), s.category(), s.modifierToken(),
                s.initializerToken(), s.deleted(), s.version(), s.images(), jobs, completedKey(s.training()),
                completedKey(s.merge()), s.currentDeltaKey(),
                s.sampling().phase() == Phase.COMPLETED ? s.sampling().resultKeys() : List.of(),
                new LogPosition(Topics.CONCEPT_EVENTS, at.partition(), at.position(), caughtUp),
                Map.of("self", base, "events", base + "/events"));
    }

    static EventPage events(String conceptId, ConceptLogView.HistoryPage page, int limit, boolean caughtUp) {
        List<EventView> events = page.events().stream().map(ConceptAnswers::event).toList();
        String base = "/concepts/" + conceptId + "/events";
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", base + "?from=" + page.from() + "&limit=" + limit);
        int next = page.from() + events.size();
        if (next < page.total()) {
            links.put("next", base + "?from=" + next + "&limit=" + limit);
        }
        links.put("concept", "/concepts/" + conceptId);
        return new EventPage(conceptId, page.from(), limit, page.total(), events,
                new LogPosition(Topics.CONCEPT_EVENTS, page.partition(), page.position(), caughtUp), links);
    }

    private static EventView event(ConceptLogView.LoggedEvent e) {
        var ce = e.attributes();
        return new EventView("1.0", ce.id(), ce.type(), ce.source(), ce.subject(),
                ce.time() == null ? null : ce.time().toString(), "application/json", e.partition(), e.offset(),
                e.data());
    }

    private static String completedKey(JobState job) {
        return job.phase() == Phase.COMPLETED && !job.resultKeys().isEmpty() ? job.resultKeys().get(0) : null;
    }
}
