package io.motif.merge;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.motif.diffusion.safetensors.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The composenW merge fixture ({@code merge.safetensors} of a parity fixture folder): its stored inputs and the
 * reference's float64 result {@code W_hat_f64.<layer>}, read as float64 matrices.
 *
 * <p>Layout (see the fixture's README, "composenW merge"): {@code C_reg} [N, d], {@code C_target_raw} [m_raw, d]
 * (all target prompts' rows, before duplicate removal), {@code target.slice} [prompts, 2] (the kept token range of
 * each prompt, so its row count), {@code W0.<layer>}, {@code W1.<layer>}, {@code W2.<layer>} … (concept k's
 * fine-tuned matrix), and metadata {@code concepts} / {@code target_prompts} (JSON lists; the prompts are grouped
 * per concept in order).
 */
public record MergeFixture(DMatrixRMaj regularizationFeatures, ConceptTargets targets, DMatrixRMaj storedTargets,
                           Map<String, DMatrixRMaj> base, List<Map<String, DMatrixRMaj>> finetuned,
                           Map<String, DMatrixRMaj> expected, Map<String, DMatrixRMaj> storedTargetValues,
                           int[] storedRemovedRows) {

    public static final String FILE = "merge.safetensors";

    /** True when {@code dir} holds a merge fixture. */
    public static boolean presentIn(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    public static MergeFixture load(Path dir) throws IOException {
        try (SafetensorsFile file = SafetensorsFile.open(dir.resolve(FILE))) {
            ObjectMapper json = new ObjectMapper();
            List<?> concepts = json.readValue(file.metadata().get("concepts"), List.class);
            List<?> prompts = json.readValue(file.metadata().get("target_prompts"), List.class);
            if (concepts.isEmpty() || prompts.size() % concepts.size() != 0) {
                throw new IOException(file.path() + ": " + prompts.size() + " target prompts do not divide among "
                        + concepts.size() + " concepts");
            }
            int promptsPerConcept = prompts.size() / concepts.size();
            long[] slices = DenseTensors.readIntegers(file, "target.slice");
            DMatrixRMaj raw = DenseTensors.read(file, "C_target_raw");
            List<DMatrixRMaj> perConcept = new ArrayList<>();
            int row = 0;
            for (int k = 0; k < concepts.size(); k++) {
                int rows = 0;
                for (int p = k * promptsPerConcept; p < (k + 1) * promptsPerConcept; p++) {
                    rows += (int) (slices[2 * p + 1] - slices[2 * p]);
                }
                perConcept.add(CommonOps_DDRM.extract(raw, row, row + rows, 0, raw.numCols));
                row += rows;
            }
            if (row != raw.numRows) {
                throw new IOException(file.path() + ": target.slice covers " + row + " rows but C_target_raw has "
                        + raw.numRows);
            }

            Map<String, DMatrixRMaj> base = new LinkedHashMap<>();
            Map<String, DMatrixRMaj> expected = new LinkedHashMap<>();
            Map<String, DMatrixRMaj> storedValues = new LinkedHashMap<>();
            List<Map<String, DMatrixRMaj>> finetuned = new ArrayList<>();
            for (int k = 0; k < concepts.size(); k++) {
                finetuned.add(new LinkedHashMap<>());
            }
            for (String name : file.names()) {
                if (!name.startsWith("W0.")) {
                    continue;
                }
                String layer = name.substring(3);
                base.put(layer, DenseTensors.read(file, name));
                expected.put(layer, DenseTensors.read(file, "W_hat_f64." + layer));
                storedValues.put(layer, DenseTensors.read(file, "V_target." + layer));
                for (int k = 0; k < concepts.size(); k++) {
                    finetuned.get(k).put(layer, DenseTensors.read(file, "W" + (k + 1) + "." + layer));
                }
            }
            long[] removed = DenseTensors.readIntegers(file, "removal_indices");
            int[] removedRows = removed.length == 1 && removed[0] < 0 ? new int[0]
                    : java.util.Arrays.stream(removed).mapToInt(Math::toIntExact).toArray();
            return new MergeFixture(DenseTensors.read(file, "C_reg"), new ConceptTargets(perConcept),
                    DenseTensors.read(file, "C_target"), base, finetuned, expected, storedValues, removedRows);
        }
    }

    /** V before duplicate removal for one layer, from the concepts' own fine-tuned matrices. */
    public DMatrixRMaj rawTargetValues(String layer) {
        List<DMatrixRMaj> ws = new ArrayList<>();
        for (Map<String, DMatrixRMaj> concept : finetuned) {
            ws.add(concept.get(layer));
        }
        return targets.rawValues(ws);
    }

    /** V before duplicate removal for every layer. */
    public Map<String, DMatrixRMaj> rawTargetValues() {
        Map<String, DMatrixRMaj> out = new LinkedHashMap<>();
        for (String layer : base.keySet()) {
            out.put(layer, rawTargetValues(layer));
        }
        return out;
    }
}
