package io.motif.merger.jobs;

import io.motif.jobs.storage.BlobStore;
import io.motif.merge.RegularizationCaptions;
import io.motif.retrieval.Selection;
import io.motif.retrieval.SelectionManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The regularization captions of a merge (C_reg: the captions whose features the merged weights must keep):
 * <ol>
 *   <li>first the captions of the merged concepts' regularization sets (their selection manifests in object
 *   storage), taken in turn from each concept so every concept's category is represented, duplicates dropped;</li>
 *   <li>then, up to the limit, a caption file: the one configured for the service, else the base model folder's
 *   {@value RegularizationCaptions#MODEL_FILE} (as {@code ./motif merge} uses it).</li>
 * </ol>
 * The file tops the sets up rather than only replacing a missing one because a generated regularization set has a
 * single distinct caption ("photo of a dog"), far too few rows for C_regᵀC_reg to be invertible. At most
 * {@value RegularizationCaptions#REFERENCE_COUNT} captions are used, as in the reference code.
 */
final class MergeCaptions {

    /** The captions and where they came from (for the manifest and the job's result). */
    record Captions(List<String> lines, String source) {
    }

    /** No caption source has any captions: the merge cannot be posed. */
    static final class MissingCaptionsException extends Exception {
        MissingCaptionsException(String message) {
            super(message);
        }
    }

    private MergeCaptions() {
    }

    /**
     * @param manifestKeys the concepts' selection manifests (nulls for concepts without one are skipped)
     * @param configured   the service's caption file, or null
     */
    static Captions choose(BlobStore blobs, List<String> manifestKeys, Path configured, Path modelDir)
            throws IOException, MissingCaptionsException {
        List<List<String>> perConcept = new ArrayList<>();
        for (String key : manifestKeys.stream().filter(Objects::nonNull).toList()) {
            byte[] json = blobs.get(key).orElseThrow(() -> new IOException("regularization manifest " + key
                    + " is not in object storage"));
            Selection selection = SelectionManifest.fromJson(json);
            perConcept.add(selection.images().stream().map(Selection.SelectedImage::caption)
                    .filter(c -> c != null && !c.isBlank()).map(String::strip).toList());
        }
        List<String> lines = new ArrayList<>(interleave(perConcept, RegularizationCaptions.REFERENCE_COUNT));
        List<String> sources = new ArrayList<>();
        if (!lines.isEmpty()) {
            sources.add(lines.size() + " from the regularization sets of " + perConcept.size() + " concept"
                    + (perConcept.size() == 1 ? "" : "s"));
        }
        Path file = configured != null ? configured : modelDir.resolve(RegularizationCaptions.MODEL_FILE);
        if (lines.size() < RegularizationCaptions.REFERENCE_COUNT && (configured != null || Files.isRegularFile(file))) {
            Set<String> all = new LinkedHashSet<>(lines);
            for (String caption : RegularizationCaptions.load(file, modelDir, RegularizationCaptions.REFERENCE_COUNT)) {
                if (all.size() == RegularizationCaptions.REFERENCE_COUNT) {
                    break;
                }
                all.add(caption);
            }
            if (all.size() > lines.size()) {
                sources.add((all.size() - lines.size()) + " from " + (configured != null ? "file " : "the base model's ")
                        + file.getFileName());
            }
            lines = new ArrayList<>(all);
        }
        if (lines.isEmpty()) {
            throw new MissingCaptionsException("no regularization captions: none of the merged concepts has a "
                    + "regularization set (request regularization for one of them), no caption file is configured "
                    + "(motif.merger.captions-file) and the base model has no " + RegularizationCaptions.MODEL_FILE);
        }
        return new Captions(List.copyOf(lines), String.join(", ", sources));
    }

    /** Round-robin over the lists, first occurrence of each caption kept, at most {@code max}. */
    static List<String> interleave(List<List<String>> lists, int max) {
        Set<String> out = new LinkedHashSet<>();
        List<Iterator<String>> its = new ArrayList<>(lists.stream().map(List::iterator).toList());
        while (out.size() < max && its.stream().anyMatch(Iterator::hasNext)) {
            for (Iterator<String> it : its) {
                if (it.hasNext() && out.size() < max) {
                    out.add(it.next());
                }
            }
        }
        return List.copyOf(out);
    }
}
