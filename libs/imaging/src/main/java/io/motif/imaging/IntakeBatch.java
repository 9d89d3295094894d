package io.motif.imaging;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Normalises the files of one upload and sorts them into accepted, duplicate and rejected. Duplicates are found
 * by the content address of the normalised PNG, so the same photo re-saved with other metadata, or sent once as
 * PNG and once as a lossless WebP, is still recognised.
 */
public final class IntakeBatch {
    private final ImageIntake intake;

    public IntakeBatch(ImageIntake intake) {
        this.intake = intake;
    }

    /** A named upload file. */
    public record Upload(String name, byte[] bytes) {
    }

    /**
     * @param alreadyHeld tells whether a sha256 is already stored for this concept (e.g. looked up in storage)
     */
    public List<IntakeOutcome> process(List<Upload> uploads, Predicate<String> alreadyHeld) {
        Set<String> seenInBatch = new HashSet<>();
        List<IntakeOutcome> outcomes = new ArrayList<>(uploads.size());
        for (Upload upload : uploads) {
            try {
                NormalizedImage image = intake.normalize(upload.bytes());
                if (alreadyHeld.test(image.sha256()) || !seenInBatch.add(image.sha256())) {
                    outcomes.add(new IntakeOutcome.Duplicate(upload.name(), image.sha256()));
                } else {
                    outcomes.add(new IntakeOutcome.Accepted(upload.name(), image));
                }
            } catch (ImageRejectedException e) {
                outcomes.add(new IntakeOutcome.Rejected(upload.name(), e.reason(), e.getMessage()));
            }
        }
        return outcomes;
    }
}
