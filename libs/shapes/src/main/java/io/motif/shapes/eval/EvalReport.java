package io.motif.shapes.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.motif.shapes.oracle.AttributeScores;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes the evaluation as JSON (every number) and as the Markdown table that goes into docs/results.md. */
public final class EvalReport {

    private EvalReport() {
    }

    public static void writeJson(Path file, String command, EvalSettings settings, List<EvalRow> rows) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("command", command);
        root.put("settings", settings.toString());
        root.put("rows", rows);
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
    }

    /**
     * The single-concept table: one line per method, averaged over concepts. Forgetting is the base model's
     * base-world accuracy (all attributes of a prompt right) minus the method's.
     */
    public static String markdown(String command, List<EvalRow> rows) {
        Map<Method, double[]> sums = new LinkedHashMap<>();
        Map<Method, Integer> counts = new LinkedHashMap<>();
        for (EvalRow r : rows) {
            double[] s = sums.computeIfAbsent(r.method(), k -> new double[8]);
            s[0] += r.textAlignment();
            s[1] += r.imageAlignment();
            s[2] += r.baseWorldAccuracy().getOrDefault(AttributeScores.ALL, Double.NaN);
            s[3] += r.baseWorldAccuracy().getOrDefault(AttributeScores.SHAPE, Double.NaN);
            s[4] += r.baseWorldAccuracy().getOrDefault(AttributeScores.COLOUR, Double.NaN);
            s[5] += r.baseWorldAccuracy().getOrDefault(AttributeScores.POSITION, Double.NaN);
            s[6] += r.trainSeconds();
            s[7] += r.deltaBytes();
            counts.merge(r.method(), 1, Integer::sum);
        }
        double baseAll = sums.containsKey(Method.BASE) ? sums.get(Method.BASE)[2] / counts.get(Method.BASE) : Double.NaN;
        StringBuilder md = new StringBuilder();
        md.append("Made by `").append(command).append("`.\n\n");
        md.append("| method | text alignment | image alignment | base-world all-correct | forgetting | shape | colour | position | train s | delta KB |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<Method, double[]> e : sums.entrySet()) {
            double n = counts.get(e.getKey());
            double[] s = e.getValue();
            md.append(String.format("| %s | %.3f | %.3f | %.3f | %+.3f | %.3f | %.3f | %.3f | %.0f | %.0f |%n",
                    e.getKey().label(), s[0] / n, s[1] / n, s[2] / n, baseAll - s[2] / n, s[3] / n, s[4] / n,
                    s[5] / n, s[6] / n, s[7] / n / 1024));
        }
        return md.toString();
    }
}
