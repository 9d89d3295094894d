package io.motif.events.concept;

import io.motif.events.Image;
import io.motif.events.ImageRejection;
import io.motif.events.event.ConceptDeleted;
import io.motif.events.event.ConceptEvent;
import io.motif.events.event.ConceptRegistered;
import io.motif.events.event.ImagesAdded;
import io.motif.events.event.ImagesRejected;
import io.motif.events.event.MergeCompleted;
import io.motif.events.event.MergeFailed;
import io.motif.events.event.MergeRequested;
import io.motif.events.event.RegularizationRequested;
import io.motif.events.event.RegularizationSelected;
import io.motif.events.event.SamplesFailed;
import io.motif.events.event.SamplesGenerated;
import io.motif.events.event.SamplesRequested;
import io.motif.events.event.TrainingCheckpointed;
import io.motif.events.event.TrainingCompleted;
import io.motif.events.event.TrainingFailed;
import io.motif.events.event.TrainingRequested;
import io.motif.events.event.TrainingStarted;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random but schema-valid concept histories: a registration, then any mix of the other events (the evolver folds
 * any order), sometimes a deletion. Seeded, so a failing case can be replayed.
 */
public final class RandomHistories {

    private final Random random;

    public RandomHistories(long seed) {
        this.random = new Random(seed);
    }

    public List<ConceptEvent> history(String conceptId, int length) {
        List<ConceptEvent> events = new ArrayList<>();
        events.add(new ConceptRegistered(conceptId, tenant(), "Concept " + conceptId + " ünï", "dog",
                "<new" + random.nextInt(3) + ">", "ktn"));
        while (events.size() < length) {
            events.add(event(conceptId, events.size()));
        }
        return events;
    }

    private String tenant() {
        return "tenant-" + random.nextInt(3);
    }

    private String key(String conceptId, String what) {
        return "acme/concepts/" + conceptId + "/" + what + "/" + random.nextInt(1000);
    }

    private ConceptEvent event(String id, int n) {
        String t = tenant();
        String job = "job-" + id + "-" + random.nextInt(4);
        String worker = random.nextBoolean() ? "worker-" + random.nextInt(5) : "gpu-0";
        return switch (random.nextInt(17)) {
            case 0 -> new ImagesAdded(id, t, List.of(image(id, n), image(id, n + 1)));
            case 1 -> new ImagesRejected(id, t, List.of(new ImageRejection(
                    String.format("%064x", random.nextLong() & Long.MAX_VALUE), "smaller than 256 px")));
            case 2 -> new RegularizationRequested(id, t, job, "retrieved", 1 + random.nextInt(300));
            case 3 -> new RegularizationSelected(id, t, job, worker, "retrieved", 200, key(id, "regularization"));
            case 4 -> new TrainingRequested(id, t, job, 1 + random.nextInt(3), 250, 8, 8e-5, random.nextInt(100));
            case 5 -> new TrainingStarted(id, t, job, 1 + random.nextInt(3), worker,
                    random.nextBoolean() ? null : 100);
            case 6 -> new TrainingCheckpointed(id, t, job, 1, worker, random.nextInt(250), key(id, "checkpoints"));
            case 7 -> new TrainingCompleted(id, t, job, 1, worker, 250, key(id, "deltas"), random.nextDouble());
            case 8 -> new TrainingFailed(id, t, job, 1, worker, "out of memory at step " + n, random.nextBoolean());
            case 9 -> new MergeRequested(id, t, job, List.of(id, "other-concept"));
            case 10 -> new MergeCompleted(id, t, job, worker, key(id, "merged"), null, null);
            case 11 -> new MergeFailed(id, t, job, worker, "singular constraint matrix");
            case 12 -> new SamplesRequested(id, t, job, List.of("photo of a <new1> dog"), 2, 50, 6.0,
                    random.nextLong() & Long.MAX_VALUE, "ddim", random.nextBoolean() ? null : "blurry");
            case 13 -> new SamplesGenerated(id, t, job, worker, List.of(key(id, "samples"), key(id, "samples")));
            case 14 -> new SamplesFailed(id, t, job, worker, "sampler crashed");
            case 15 -> random.nextInt(8) == 0 ? new ConceptDeleted(id, t, "acme/concepts/" + id + "/", null)
                    : new ImagesAdded(id, t, List.of(image(id, n)));
            default -> new TrainingStarted(id, t, job, 1, worker, null);
        };
    }

    private Image image(String id, int i) {
        return new Image("acme/concepts/" + id + "/images/" + i + ".png",
                String.format("%064x", random.nextLong() & Long.MAX_VALUE), 256 + random.nextInt(512), 512,
                random.nextBoolean() ? "png" : "jpeg");
    }
}
