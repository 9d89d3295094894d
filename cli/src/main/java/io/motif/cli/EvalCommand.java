package io.motif.cli;

import io.motif.shapes.eval.EvalReport;
import io.motif.shapes.eval.EvalRow;
import io.motif.shapes.eval.EvalRunner;
import io.motif.shapes.eval.EvalSettings;
import io.motif.shapes.eval.Method;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ./motif eval}: the paper's single-concept table in miniature, scored by the shapes-world oracle. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Train each personal concept with each method, generate fixed-seed prompts, score them with the",
                "oracle: text alignment, image alignment, base-world accuracy (forgetting), training time, delta size.",
                "Writes results.json and results.md into --out."})
public final class EvalCommand implements Callable<Integer> {

    @Option(names = "--model", description = "base model folder (default: ${DEFAULT-VALUE})")
    Path model = Path.of("models/motif-tiny");

    @Option(names = "--out", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out = Path.of("out/eval");

    @Option(names = "--quick", description = "one concept, two methods, a few prompts and steps (the test-suite run)")
    boolean quick;

    @Option(names = "--steps", description = "training steps per delta (default: the settings' own)")
    Integer steps;

    @Option(names = "--lr", description = "training learning rate (default: the settings' own)")
    Double lr;

    @Option(names = "--methods", split = ",", description = "subset of: ${COMPLETION-CANDIDATES}")
    List<Method> methods;

    @Option(names = "--base-only", description = "only the base model's per-attribute accuracy on base-world prompts (the model card's numbers)")
    boolean baseOnly;

    @Option(names = "--base-prompts", description = "number of base-world prompts (default: the settings' own)")
    Integer basePrompts;

    @Override
    public Integer call() throws Exception {
        EvalSettings s = quick ? EvalSettings.quick() : EvalSettings.full();
        if (steps != null) {
            s = s.withTrainSteps(steps);
        }
        if (lr != null) {
            s = s.withLearningRate(lr);
        }
        if (methods != null) {
            s = s.withMethods(methods);
        }
        if (basePrompts != null) {
            s = s.withBasePrompts(basePrompts);
        }
        if (baseOnly) {
            Map<String, Double> acc = new EvalRunner(model, s, out.resolve("work"), System.out::println).baseWorldAccuracy();
            Files.createDirectories(out);
            String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                    Map.of("model", model.toString(), "settings", s.toString(), "baseWorldAccuracy", acc));
            Files.writeString(out.resolve("base-world.json"), json);
            System.out.println("base-world accuracy of " + model + ": " + acc);
            return 0;
        }
        String command = "./motif eval" + (quick ? " --quick" : "") + (steps != null ? " --steps " + steps : "")
                + (lr != null ? " --lr " + lr : "") + (methods != null ? " --methods " + String.join(",",
                methods.stream().map(Enum::name).toList()) : "");
        List<EvalRow> rows = new EvalRunner(model, s, out.resolve("work"), System.out::println).run();
        EvalReport.writeJson(out.resolve("results.json"), command, s, rows);
        String md = EvalReport.markdown(command, rows);
        Files.writeString(out.resolve("results.md"), md);
        System.out.println(md);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new EvalCommand()).execute(args));
    }
}
