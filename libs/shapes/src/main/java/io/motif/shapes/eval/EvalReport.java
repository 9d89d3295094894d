package io.motif.shapes.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/** Writes the evaluation as JSON (every number) and as the Markdown tables that go into docs/results.md. */
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
     * One table per part (single concept, multi concept, compression), one line per method, averaged over the
     * concepts (or pairs). Base-world accuracy is the fraction of stated attributes right on base-world prompts;
     * forgetting is the base model's base-world accuracy minus the row's (positive = forgot).
     */
    public static String markdown(String command, List<EvalRow> rows) {
        double before = rows.stream().filter(r -> r.method().equals(EvalRow.BASE)).mapToDouble(EvalRow::baseWorldScore)
                .average().orElse(Double.NaN);
        StringBuilder md = new StringBuilder();
        md.append("Made by `").append(command).append("`.\n");
        List<EvalRow> single = of(rows, EvalRow.SINGLE);
        if (!single.isEmpty()) {
            md.append("\n### Single concept (mean over ").append(count(single, EvalRow::concepts)).append(" concepts)\n\n");
            md.append("| method | text alignment | image alignment | base-world accuracy | forgetting | train s | delta KB |\n");
            md.append("|---|---|---|---|---|---|---|\n");
            for (List<EvalRow> g : byMethod(single)) {
                md.append(line(g.get(0).label(), g, before, false));
            }
            md.append("\nImage alignment per concept:\n\n");
            md.append(perConcept(single));
        }
        List<EvalRow> multi = of(rows, EvalRow.MULTI);
        if (!multi.isEmpty()) {
            md.append("\n### Multi concept (mean over ").append(count(multi, EvalRow::concepts)).append(" pairs)\n\n");
            md.append("| method | text alignment, each | image alignment, each | text alignment, both | image alignment, both "
                    + "| base-world accuracy | forgetting | train s | delta KB |\n");
            md.append("|---|---|---|---|---|---|---|---|---|\n");
            for (List<EvalRow> g : byMethod(multi)) {
                md.append(line(g.get(0).label(), g, before, true));
            }
        }
        List<EvalRow> compression = of(rows, EvalRow.COMPRESSION);
        if (!compression.isEmpty()) {
            md.append("\n### Compression of the Custom Diffusion delta (mean over ")
                    .append(count(compression, EvalRow::concepts)).append(" concepts)\n\n");
            md.append("| delta | text alignment | image alignment | base-world accuracy | forgetting | train s | delta KB |\n");
            md.append("|---|---|---|---|---|---|---|\n");
            Set<String> concepts = new LinkedHashSet<>(compression.stream().map(EvalRow::concepts).toList());
            List<EvalRow> full = single.stream().filter(r -> r.method().equals(Method.CUSTOM_DIFFUSION.name())
                    && concepts.contains(r.concepts())).toList();
            if (!full.isEmpty()) {
                md.append(line("full delta, fp32 (the single-concept row)", full, before, false));
            }
            for (List<EvalRow> g : byMethod(compression)) {
                md.append(line(g.get(0).label(), g, before, false));
            }
        }
        return md.toString();
    }

    private static String line(String label, List<EvalRow> g, double before, boolean pairs) {
        double world = mean(g, EvalRow::baseWorldScore);
        String both = pairs ? String.format(Locale.ROOT, " %.3f | %.3f |", mean(g, EvalRow::pairTextAlignment),
                mean(g, EvalRow::pairImageAlignment)) : "";
        return String.format(Locale.ROOT, "| %s | %.3f | %.3f |%s %.3f | %+.3f | %.0f | %.1f |%n", label,
                mean(g, EvalRow::textAlignment), mean(g, EvalRow::imageAlignment), both, world, before - world,
                mean(g, EvalRow::trainSeconds), mean(g, r -> r.deltaBytes() / 1024.0));
    }

    private static String perConcept(List<EvalRow> rows) {
        List<String> concepts = new ArrayList<>(new LinkedHashSet<>(rows.stream().map(EvalRow::concepts).toList()));
        StringBuilder md = new StringBuilder("| method | ").append(String.join(" | ", concepts)).append(" |\n|---|");
        md.append("---|".repeat(concepts.size())).append('\n');
        for (List<EvalRow> g : byMethod(rows)) {
            md.append("| ").append(g.get(0).label()).append(" |");
            for (String c : concepts) {
                md.append(g.stream().filter(r -> r.concepts().equals(c)).findFirst()
                        .map(r -> String.format(Locale.ROOT, " %.3f |", r.imageAlignment())).orElse(" – |"));
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static List<EvalRow> of(List<EvalRow> rows, String table) {
        return rows.stream().filter(r -> r.table().equals(table)).toList();
    }

    private static List<List<EvalRow>> byMethod(List<EvalRow> rows) {
        Map<String, List<EvalRow>> groups = new LinkedHashMap<>();
        for (EvalRow r : rows) {
            groups.computeIfAbsent(r.method(), k -> new ArrayList<>()).add(r);
        }
        return new ArrayList<>(groups.values());
    }

    private static long count(List<EvalRow> rows, java.util.function.Function<EvalRow, String> key) {
        return rows.stream().map(key).distinct().count();
    }

    private static double mean(List<EvalRow> rows, ToDoubleFunction<EvalRow> f) {
        return rows.stream().mapToDouble(f).average().orElse(Double.NaN);
    }
}
