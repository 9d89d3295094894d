package io.motif.events;

import io.motif.events.command.AddImages;
import io.motif.events.command.DeleteConcept;
import io.motif.events.command.RegisterConcept;
import io.motif.events.command.RequestMerge;
import io.motif.events.command.RequestRegularization;
import io.motif.events.command.RequestSamples;
import io.motif.events.command.RequestTraining;
import io.motif.events.completion.CommandAccepted;
import io.motif.events.completion.CommandRejected;
import io.motif.events.completion.JobCompleted;
import io.motif.events.completion.JobFailed;
import io.motif.events.event.ConceptDeleted;
import io.motif.events.event.ConceptRegistered;
import io.motif.events.event.ConceptRegisteredV1;
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
import io.motif.events.job.JobProgress;
import io.motif.events.job.MergeJob;
import io.motif.events.job.RetrievalJob;
import io.motif.events.job.SamplingJob;
import io.motif.events.job.TrainingJob;
import io.motif.events.snapshot.ConceptSnapshot;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every message type Motif speaks: its versioned name, its Java record and its schema file. The schema folder of
 * each group matches the folders under {@code schemas/}.
 */
public final class Vocabulary {

    /** One message type. {@code schemaPath} is relative to {@code schemas/}. */
    public record Entry(String type, Class<? extends Record> javaType, String schemaPath) {
    }

    private static final Map<String, Entry> BY_TYPE = new LinkedHashMap<>();
    private static final Map<Class<?>, Entry> BY_CLASS = new LinkedHashMap<>();

    static {
        group("commands", RegisterConcept.class, AddImages.class, RequestRegularization.class, RequestTraining.class,
                RequestMerge.class, RequestSamples.class, DeleteConcept.class);
        group("events", ConceptRegisteredV1.class, ConceptRegistered.class, ImagesAdded.class, ImagesRejected.class,
                RegularizationRequested.class, RegularizationSelected.class, TrainingRequested.class,
                TrainingStarted.class, TrainingCheckpointed.class, TrainingCompleted.class, TrainingFailed.class,
                MergeRequested.class, MergeCompleted.class, MergeFailed.class, SamplesRequested.class,
                SamplesGenerated.class, SamplesFailed.class, ConceptDeleted.class);
        group("jobs", RetrievalJob.class, TrainingJob.class, MergeJob.class, SamplingJob.class);
        group("progress", JobProgress.class);
        group("completions", CommandAccepted.class, CommandRejected.class, JobCompleted.class, JobFailed.class);
        group("snapshots", ConceptSnapshot.class);
    }

    private Vocabulary() {
    }

    @SafeVarargs
    private static void group(String folder, Class<? extends Record>... classes) {
        for (Class<? extends Record> c : classes) {
            String type = c.getAnnotation(MessageType.class).value();
            Entry entry = new Entry(type, c, folder + "/" + type + ".schema.json");
            if (BY_TYPE.put(type, entry) != null) {
                throw new IllegalStateException("type declared twice: " + type);
            }
            BY_CLASS.put(c, entry);
        }
    }

    public static Collection<Entry> all() {
        return BY_TYPE.values();
    }

    public static Optional<Entry> byType(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    public static Entry of(Class<?> javaType) {
        Entry entry = BY_CLASS.get(javaType);
        if (entry == null) {
            throw new IllegalArgumentException(javaType.getName() + " is not a Motif message type");
        }
        return entry;
    }

    public static String typeOf(Object message) {
        return of(message.getClass()).type();
    }

    public static List<String> types() {
        return List.copyOf(BY_TYPE.keySet());
    }
}
