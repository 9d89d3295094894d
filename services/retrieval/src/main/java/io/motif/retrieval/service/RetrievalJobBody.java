package io.motif.retrieval.service;

import io.motif.events.event.RegularizationSelected;
import io.motif.events.job.RetrievalJob;
import io.motif.events.schema.InvalidMessageException;
import io.motif.events.schema.MessageCodec;
import io.motif.jobs.JobBody;
import io.motif.jobs.JobContext;
import io.motif.jobs.JobOutcome;
import io.motif.retrieval.Selection;
import io.motif.retrieval.SelectionManifest;
import io.motif.retrieval.SelectionRequest;
import io.motif.service.WorkerReportRecords;
import io.motif.storage.ObjectKey;
import io.motif.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One retrieval job: query the current caption index with the concept's category caption, store the selection
 * manifest under the concept's tenant, and report {@code concept.regularization-selected} to the concept's single
 * writer. Fast and stateless, so it needs no checkpoints: a job redelivered after a crash simply runs again and
 * yields the same manifest key (content-addressed) and the same report id.
 */
public final class RetrievalJobBody implements JobBody {
    static final String JOB_TYPE = "job.retrieval.v1";
    /** Where manifests live under the tenant's prefix. */
    public static final String MANIFEST_KIND = "regularization-manifests";

    /**
     * @param queryTemplate the category caption, {@code %s} = category (the reference template is "photo of a %s")
     */
    public record Settings(String queryTemplate, float threshold, SelectionRequest.ShortfallPolicy shortfall,
                           String commandsTopic, String source) {
    }

    private final Settings settings;
    private final IndexHolder indexes;
    private final ObjectStore store;

    public RetrievalJobBody(Settings settings, IndexHolder indexes, ObjectStore store) {
        this.settings = settings;
        this.indexes = indexes;
        this.store = store;
    }

    @Override
    public JobOutcome run(JobContext context) throws Exception {
        RetrievalJob job;
        try {
            job = (RetrievalJob) MessageCodec.decodeChecked(JOB_TYPE,
                    context.job().payload().getBytes(StandardCharsets.UTF_8));
        } catch (InvalidMessageException | ClassCastException e) {
            return JobOutcome.rejected("not a valid " + JOB_TYPE + ": " + e.getMessage());
        }
        if (!"retrieved".equals(job.source())) {
            return JobOutcome.rejected("source '" + job.source() + "' is not served by retrieval (generated class "
                    + "images come from the sampler)");
        }
        if (job.count() < 1) {
            return JobOutcome.rejected("count must be positive, was " + job.count());
        }
        IndexHolder.Loaded loaded = indexes.current().orElse(null);
        if (loaded == null) {
            return JobOutcome.failed("no regularization corpus is indexed yet (import one: POST /retrieval/corpus)");
        }
        Selection selection = loaded.selector().select(new SelectionRequest(
                settings.queryTemplate().formatted(job.category()), job.count(), settings.threshold(),
                settings.shortfall()));
        ObjectKey manifest = store.putContent(job.tenant(), MANIFEST_KIND, SelectionManifest.toJson(selection),
                "application/json");
        boolean shortOfThreshold = selection.aboveThreshold() < selection.images().size()
                || selection.images().size() < job.count();
        RegularizationSelected report = new RegularizationSelected(job.conceptId(), job.tenant(), job.jobId(),
                context.workerId(), job.source(), selection.images().size(), manifest.path(),
                shortOfThreshold ? selection.aboveThreshold() : null, shortOfThreshold ? selection.note() : null);
        ProducerRecord<String, String> record = WorkerReportRecords.of(settings.commandsTopic(), settings.source(),
                report, "selected");
        return JobOutcome.completed("{\"manifestKey\":\"" + manifest.path() + "\",\"status\":\"" + selection.status()
                + "\",\"aboveThreshold\":" + selection.aboveThreshold() + "}", List.of(record));
    }
}
