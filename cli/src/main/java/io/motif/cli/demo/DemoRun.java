package io.motif.cli.demo;

import io.motif.events.completion.JobCompleted;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two concepts end to end through the public API of a running Motif, watching the outcome of every command and
 * job on {@code motif.completions} and the jobs' progress on {@code motif.progress}:
 * <ol>
 *   <li>make sure the retrieval service has a regularization corpus indexed;</li>
 *   <li>register a striped star and a dotted heart and upload their instance images;</li>
 *   <li>retrieve regularization images for both;</li>
 *   <li>train both;</li>
 *   <li>sample each with its own delta while the merger merges the two;</li>
 *   <li>sample prompts with both concepts at once through the merged delta.</li>
 * </ol>
 * Sampling each concept is asked for before the merge completes on purpose: once merged, the first concept's current
 * delta is the merged one.
 */
public final class DemoRun {

    /** Where the regularization corpus goes: the retrieval service's import root and a folder name under it. */
    public record Corpus(Path importRoot, String folder) {
    }

    /** A finished request: its label, the job's completion, and the files written for it (none for non-images). */
    public record Outcome(String label, JobCompleted job, List<Path> files, Path grid) {
    }

    /** What a run did. */
    public record Result(List<DemoConcept> concepts, List<Outcome> outcomes, RegularizationCorpus.Served corpus,
                         List<String> commandIds) {

        public List<Path> grids() {
            return outcomes.stream().filter(o -> o.grid() != null).map(Outcome::grid).toList();
        }

        public Outcome outcome(String label) {
            return outcomes.stream().filter(o -> o.label().equals(label)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no outcome " + label));
        }
    }

    static final String SAMPLER = "ddim";

    private final DemoStack stack;
    private final DemoSettings settings;
    private final PrintStream out;
    private final List<Outcome> outcomes = new ArrayList<>();
    private final List<String> commandIds = new ArrayList<>();

    public DemoRun(DemoStack stack, DemoSettings settings, PrintStream out) {
        this.stack = stack;
        this.settings = settings;
        this.out = out;
    }

    /**
     * @param runId  suffix of the concept ids, unique per run (concept ids are never reused)
     * @param outDir where the images go
     */
    public Result run(String runId, Path outDir, Corpus corpus) {
        List<DemoConcept> concepts = DemoConcept.pair(runId);
        DemoConcept first = concepts.get(0);
        DemoConcept second = concepts.get(1);
        Map<String, String> labels = new LinkedHashMap<>();
        concepts.forEach(c -> labels.put(c.conceptId(), c.concept().id()));
        IngestionClient api = stack.ingestion();
        SampleDownloads downloads = new SampleDownloads(stack.endpoints());

        try (LiveFeed feed = new LiveFeed(stack.endpoints().kafkaBootstrapServers(),
                new ProgressPrinter(out, labels, System::currentTimeMillis))) {
            section("1/6 regularization corpus");
            RegularizationCorpus.Served served = new RegularizationCorpus(stack.service("retrieval").url())
                    .ensure(corpus.importRoot(), corpus.folder(), settings.corpusSize(), settings.seed());
            out.printf("  %s %s (%d captions)%n", served.importedNow() ? "imported" : "already indexed",
                    served.indexKey(), served.captions());

            section("2/6 register two concepts and upload their images");
            for (DemoConcept c : concepts) {
                accepted(feed, api.register(c.conceptId(), "Demo " + c.concept().id(), c.category(),
                        c.modifierToken(), c.initializer()), "registering " + c.conceptId());
                accepted(feed, api.addImages(c.conceptId(), c.instanceImages(settings.instanceImages(),
                        settings.imageSize(), settings.seed())), "adding images to " + c.conceptId());
                out.printf("  %-14s %s, token %s, %d images%n", labels.get(c.conceptId()), c.conceptId(),
                        c.modifierToken(), settings.instanceImages());
            }

            section("3/6 retrieve regularization images");
            int mark = feed.mark();
            for (DemoConcept c : concepts) {
                accepted(feed, api.request(c.conceptId(), "regularization",
                        Map.of("source", "retrieved", "count", settings.regularizationCount())),
                        "regularization for " + c.conceptId());
            }
            for (DemoConcept c : concepts) {
                finish(feed, c, "retrieval", mark, "regularization-" + c.concept().id(), null, "retrieval");
            }

            section("4/6 train both concepts (" + settings.trainingSteps() + " steps each; live from motif.progress)");
            mark = feed.mark();
            for (DemoConcept c : concepts) {
                accepted(feed, api.request(c.conceptId(), "training", Map.of("steps", settings.trainingSteps(),
                        "batchSize", settings.batchSize(), "learningRate", settings.learningRate(),
                        "seed", settings.seed())), "training for " + c.conceptId());
            }
            for (DemoConcept c : concepts) {
                finish(feed, c, "training", mark, "delta-" + c.concept().id(), null, "trainer");
            }

            section("5/6 sample each concept with its own delta; merge the two");
            mark = feed.mark();
            for (DemoConcept c : concepts) {
                requestSamples(feed, api, c, DemoPrompts.single(c, settings.promptsPerConcept(), settings.seed()));
            }
            accepted(feed, api.request(first.conceptId(), "merge",
                    Map.of("withConceptIds", List.of(second.conceptId()))),
                    "merging " + first.conceptId() + " with " + second.conceptId());
            for (DemoConcept c : concepts) {
                String name = c.concept().id();
                finish(feed, c, "sampling", mark, "samples-" + name, new SampleTarget(downloads, outDir, name),
                        "sampler");
            }
            finish(feed, first, "merge", mark, "merged-delta", null, "merger");

            section("6/6 sample both concepts at once with the merged delta");
            mark = feed.mark();
            requestSamples(feed, api, first, DemoPrompts.both(first, second, settings.promptsPerConcept(),
                    settings.seed()));
            finish(feed, first, "sampling", mark, "samples-merged", new SampleTarget(downloads, outDir, "merged"),
                    "sampler");
            return new Result(concepts, List.copyOf(outcomes), served, List.copyOf(commandIds));
        }
    }

    /** Where a sampling job's images go. */
    private record SampleTarget(SampleDownloads downloads, Path dir, String name) {
    }

    private void requestSamples(LiveFeed feed, IngestionClient api, DemoConcept c, List<String> prompts) {
        for (String prompt : prompts) {
            out.printf("  prompt for %s: %s%n", c.concept().id(), prompt);
        }
        accepted(feed, api.request(c.conceptId(), "samples", Map.of("prompts", prompts,
                "imagesPerPrompt", settings.imagesPerPrompt(), "steps", settings.samplingSteps(),
                "guidanceScale", settings.guidanceScale(), "seed", settings.seed(), "sampler", SAMPLER)),
                "sampling " + c.conceptId());
    }

    private void accepted(LiveFeed feed, String commandId, String what) {
        commandIds.add(commandId);
        feed.awaitAccepted(commandId, what, settings.jobTimeout());
    }

    private void finish(LiveFeed feed, DemoConcept c, String kind, int mark, String label, SampleTarget files,
                        String worker) {
        String what = kind + " for " + c.conceptId() + " (the worker's log: " + stack.logOf(worker) + ")";
        JobCompleted job = feed.awaitJob(c.conceptId(), kind, mark, settings.jobTimeout(), what);
        if (files == null) {
            out.printf("  %-14s %s done: %s%n", c.concept().id(), kind, String.join(", ", job.resultKeys()));
            outcomes.add(new Outcome(label, job, List.of(), null));
            return;
        }
        SampleDownloads.Downloaded d = files.downloads().download(job.resultKeys(), settings.imagesPerPrompt(),
                files.dir(), files.name());
        out.printf("  %-14s %d images, grid %s%n", files.name(), d.images().size(), d.grid());
        outcomes.add(new Outcome(label, job, d.images(), d.grid()));
    }

    private void section(String title) {
        out.println();
        out.println("== " + title);
    }
}
