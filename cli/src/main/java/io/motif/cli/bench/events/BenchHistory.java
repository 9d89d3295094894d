package io.motif.cli.bench.events;

import io.motif.events.Image;
import io.motif.events.event.ConceptEvent;
import io.motif.events.event.ConceptRegistered;
import io.motif.events.event.ImagesAdded;
import io.motif.events.event.RegularizationRequested;
import io.motif.events.event.RegularizationSelected;
import io.motif.events.event.SamplesGenerated;
import io.motif.events.event.SamplesRequested;
import io.motif.events.event.TrainingCheckpointed;
import io.motif.events.event.TrainingCompleted;
import io.motif.events.event.TrainingRequested;
import io.motif.events.event.TrainingStarted;

import java.util.List;

/**
 * The generated log: every concept goes through a whole training life cycle (ten events); histories longer than
 * that go on with sampling requests and results. Event {@code i} of the log is round {@code i / concepts} of concept
 * {@code i % concepts}, so concepts are interleaved as they would be in a live log.
 */
public final class BenchHistory {

    private final int concepts;
    /** Made once: formatting a million ids would make the writer, not the broker, the slow side of the setup. */
    private final String[] ids;

    public BenchHistory(int concepts) {
        this.concepts = concepts;
        this.ids = new String[concepts];
        for (int c = 0; c < concepts; c++) {
            ids[c] = conceptId(c);
        }
    }

    public String conceptOf(long i) {
        return ids[(int) (i % concepts)];
    }

    public ConceptEvent event(long i) {
        return event(conceptOf(i), (int) (i / concepts));
    }

    public static String conceptId(int c) {
        return String.format("concept-%07d", c);
    }

    /** The round-th event of a concept's history. */
    static ConceptEvent event(String id, int round) {
        String t = "acme";
        String job = "train-" + id;
        String prefix = t + "/concepts/" + id + "/";
        return switch (round) {
            case 0 -> new ConceptRegistered(id, t, "Concept " + id, "dog", "<new1>", "ktn");
            case 1 -> new ImagesAdded(id, t, List.of(
                    new Image(prefix + "images/0.png", sha(id, 0), 512, 512, "png"),
                    new Image(prefix + "images/1.png", sha(id, 1), 512, 512, "png")));
            case 2 -> new RegularizationRequested(id, t, "reg-" + id, "retrieved", 200);
            case 3 -> new RegularizationSelected(id, t, "reg-" + id, "retrieval-0", "retrieved", 200,
                    prefix + "regularization/reg.json");
            case 4 -> new TrainingRequested(id, t, job, 1, 250, 8, 8e-5, 42);
            case 5 -> new TrainingStarted(id, t, job, 1, "trainer-0", null);
            case 6 -> new TrainingCheckpointed(id, t, job, 1, "trainer-0", 100, prefix + "checkpoints/100");
            case 7 -> new TrainingCheckpointed(id, t, job, 1, "trainer-0", 200, prefix + "checkpoints/200");
            case 8 -> new TrainingCompleted(id, t, job, 1, "trainer-0", 250, prefix + "deltas/delta.safetensors", 0.08);
            default -> round % 2 == 1
                    ? new SamplesRequested(id, t, "sample-" + id + "-" + round, List.of("photo of a <new1> dog"), 4,
                    50, 6.0, round, "ddim", null)
                    : new SamplesGenerated(id, t, "sample-" + id + "-" + (round - 1), "sampler-0",
                    List.of(prefix + "samples/" + round + "-0.png", prefix + "samples/" + round + "-1.png"));
        };
    }

    private static String sha(String id, int i) {
        return String.format("%064x", (long) (id + i).hashCode() & 0xffffffffL);
    }
}
