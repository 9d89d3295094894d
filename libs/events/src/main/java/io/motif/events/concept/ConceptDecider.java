package io.motif.events.concept;

import io.motif.events.ConceptDefaults;
import io.motif.events.Image;
import io.motif.events.ImageRejection;
import io.motif.events.command.AddImages;
import io.motif.events.command.ConceptCommand;
import io.motif.events.command.DeleteConcept;
import io.motif.events.command.RegisterConcept;
import io.motif.events.command.RequestMerge;
import io.motif.events.command.RequestRegularization;
import io.motif.events.command.RequestSamples;
import io.motif.events.command.RequestTraining;
import io.motif.events.event.ConceptDeleted;
import io.motif.events.event.ConceptEvent;
import io.motif.events.event.ConceptRegistered;
import io.motif.events.event.ImagesAdded;
import io.motif.events.event.ImagesRejected;
import io.motif.events.event.MergeRequested;
import io.motif.events.event.RegularizationRequested;
import io.motif.events.event.SamplesRequested;
import io.motif.events.event.TrainingRequested;
import io.motif.events.event.WorkerReport;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code (state, command) -> events | rejection}: the business rules of a concept's life cycle, with no I/O.
 * Job ids derive from the command id, so handling the same command twice yields the same events.
 */
public final class ConceptDecider {

    /** Smaller images carry too little of the concept to train on (the tiny model works at 64 px). */
    public static final int MIN_IMAGE_SIDE = 64;

    private ConceptDecider() {
    }

    /**
     * @param state the concept, or null if it was never registered
     * @param message a {@link ConceptCommand} or a {@link WorkerReport}
     */
    public static Decision decide(ConceptState state, Object message) {
        if (message instanceof RegisterConcept c) {
            return register(state, c);
        }
        if (message instanceof ConceptCommand c) {
            String problem = problemWithTarget(state, c.conceptId(), c.tenant());
            return problem != null ? Decision.reject(problem) : handle(state, c);
        }
        if (message instanceof WorkerReport r) {
            String problem = problemWithTarget(state, r.conceptId(), r.tenant());
            return problem != null ? Decision.reject(problem) : WorkerReportRules.check(state, r);
        }
        throw new IllegalArgumentException("not a command: " + Objects.requireNonNull(message).getClass());
    }

    private static String problemWithTarget(ConceptState state, String conceptId, String tenant) {
        if (state == null) {
            return "concept " + conceptId + " is not registered";
        }
        if (!state.tenant().equals(tenant)) {
            return "concept " + conceptId + " belongs to another tenant";
        }
        if (state.deleted()) {
            return "concept " + conceptId + " was deleted";
        }
        return null;
    }

    private static Decision register(ConceptState state, RegisterConcept c) {
        if (state != null) {
            return Decision.reject(state.deleted()
                    ? "concept id " + c.conceptId() + " belonged to a deleted concept; ids are not reused"
                    : "concept " + c.conceptId() + " is already registered");
        }
        String token = c.modifierToken() != null ? c.modifierToken() : ConceptDefaults.MODIFIER_TOKEN;
        String init = c.initializerToken() != null ? c.initializerToken() : ConceptDefaults.INITIALIZER_TOKEN;
        if (token.equals(init)) {
            return Decision.reject("the modifier token must differ from its initializer token");
        }
        return Decision.accept(new ConceptRegistered(c.conceptId(), c.tenant(), c.name(), c.category(), token, init));
    }

    private static Decision handle(ConceptState s, ConceptCommand command) {
        if (command instanceof AddImages c) {
            return addImages(s, c);
        }
        if (command instanceof RequestRegularization c) {
            if (s.regularization().phase().active()) {
                return Decision.reject("a regularization job is already queued or running");
            }
            return Decision.accept(new RegularizationRequested(s.conceptId(), s.tenant(), "reg-" + c.commandId(),
                    c.source(), c.count()));
        }
        if (command instanceof RequestTraining c) {
            return requestTraining(s, c);
        }
        if (command instanceof RequestMerge c) {
            return requestMerge(s, c);
        }
        if (command instanceof RequestSamples c) {
            if (s.sampling().phase().active()) {
                return Decision.reject("a sampling job is already queued or running");
            }
            if (s.currentDeltaKey() == null) {
                return Decision.reject("concept " + s.conceptId() + " has no trained delta to sample with yet");
            }
            return Decision.accept(new SamplesRequested(s.conceptId(), s.tenant(), "sample-" + c.commandId(),
                    c.prompts(), c.imagesPerPrompt(), c.steps(), c.guidanceScale(), c.seed(), c.sampler(),
                    c.negativePrompt()));
        }
        if (command instanceof DeleteConcept c) {
            return Decision.accept(new ConceptDeleted(s.conceptId(), s.tenant(),
                    ConceptDefaults.storagePrefix(s.tenant(), s.conceptId()), c.reason()));
        }
        throw new IllegalArgumentException("no rule for " + command.getClass().getSimpleName());
    }

    private static Decision addImages(ConceptState s, AddImages c) {
        Set<String> known = new HashSet<>();
        for (Image image : s.images()) {
            known.add(image.sha256());
        }
        List<Image> accepted = new ArrayList<>();
        List<ImageRejection> rejected = new ArrayList<>();
        for (Image image : c.images()) {
            if (Math.min(image.width(), image.height()) < MIN_IMAGE_SIDE) {
                rejected.add(new ImageRejection(image.sha256(),
                        "smaller than " + MIN_IMAGE_SIDE + " px on its shorter side"));
            } else if (!known.add(image.sha256())) {
                rejected.add(new ImageRejection(image.sha256(), "duplicate of an image already added"));
            } else {
                accepted.add(image);
            }
        }
        List<ConceptEvent> events = new ArrayList<>(2);
        if (!accepted.isEmpty()) {
            events.add(new ImagesAdded(s.conceptId(), s.tenant(), accepted));
        }
        if (!rejected.isEmpty()) {
            events.add(new ImagesRejected(s.conceptId(), s.tenant(), rejected));
        }
        return new Decision.Accepted(events);
    }

    private static Decision requestTraining(ConceptState s, RequestTraining c) {
        if (s.images().isEmpty()) {
            return Decision.reject("concept " + s.conceptId() + " has no target images");
        }
        if (s.training().phase().active()) {
            return Decision.reject("a training job is already queued or running");
        }
        if (s.regularization().phase().active()) {
            return Decision.reject("the regularization job is still running; request training when it completes");
        }
        return Decision.accept(new TrainingRequested(s.conceptId(), s.tenant(), "train-" + c.commandId(),
                s.training().attempt() + 1, c.steps(), c.batchSize(), c.learningRate(), c.seed()));
    }

    private static Decision requestMerge(ConceptState s, RequestMerge c) {
        if (s.training().phase() != Phase.COMPLETED) {
            return Decision.reject("concept " + s.conceptId() + " must finish training before it is merged");
        }
        if (c.withConceptIds().contains(s.conceptId())) {
            return Decision.reject("a concept cannot be merged with itself");
        }
        if (s.merge().phase().active()) {
            return Decision.reject("a merge job is already queued or running");
        }
        return Decision.accept(new MergeRequested(s.conceptId(), s.tenant(), "merge-" + c.commandId(),
                c.withConceptIds()));
    }
}
