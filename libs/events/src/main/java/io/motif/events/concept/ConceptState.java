package io.motif.events.concept;

import io.motif.events.Image;

import java.util.ArrayList;
import java.util.List;

/**
 * A concept as the fold of its events. Immutable; {@link ConceptEvolver} makes the next one. {@code version} counts
 * the events applied, so two rebuilds of the same log can be compared cheaply.
 */
public record ConceptState(String conceptId, String tenant, String name, String category, String modifierToken,
                           String initializerToken, boolean deleted, List<Image> images, JobState regularization,
                           JobState training, JobState merge, JobState sampling, long version) {

    public static ConceptState registered(String conceptId, String tenant, String name, String category,
                                          String modifierToken, String initializerToken) {
        return new ConceptState(conceptId, tenant, name, category, modifierToken, initializerToken, false, List.of(),
                JobState.NONE, JobState.NONE, JobState.NONE, JobState.NONE, 1);
    }

    public ConceptState withImages(List<Image> added) {
        List<Image> all = new ArrayList<>(images.size() + added.size());
        all.addAll(images);
        all.addAll(added);
        return new ConceptState(conceptId, tenant, name, category, modifierToken, initializerToken, deleted,
                List.copyOf(all), regularization, training, merge, sampling, version);
    }

    public ConceptState withRegularization(JobState job) {
        return new ConceptState(conceptId, tenant, name, category, modifierToken, initializerToken, deleted, images,
                job, training, merge, sampling, version);
    }

    public ConceptState withTraining(JobState job) {
        return new ConceptState(conceptId, tenant, name, category, modifierToken, initializerToken, deleted, images,
                regularization, job, merge, sampling, version);
    }

    public ConceptState withMerge(JobState job) {
        return new ConceptState(conceptId, tenant, name, category, modifierToken, initializerToken, deleted, images,
                regularization, training, job, sampling, version);
    }

    public ConceptState withSampling(JobState job) {
        return new ConceptState(conceptId, tenant, name, category, modifierToken, initializerToken, deleted, images,
                regularization, training, merge, job, version);
    }

    /** The data is gone from storage; the fact and the id remain. */
    public ConceptState asDeleted() {
        return new ConceptState(conceptId, tenant, name, category, modifierToken, initializerToken, true, List.of(),
                JobState.NONE, JobState.NONE, JobState.NONE, JobState.NONE, version);
    }

    ConceptState nextVersion() {
        return new ConceptState(conceptId, tenant, name, category, modifierToken, initializerToken, deleted, images,
                regularization, training, merge, sampling, version + 1);
    }

    /** The delta to apply when sampling: the merged one if there is one, else the trained one; null if neither. */
    public String currentDeltaKey() {
        if (merge.phase() == Phase.COMPLETED && !merge.resultKeys().isEmpty()) {
            return merge.resultKeys().get(0);
        }
        if (training.phase() == Phase.COMPLETED && !training.resultKeys().isEmpty()) {
            return training.resultKeys().get(0);
        }
        return null;
    }
}
