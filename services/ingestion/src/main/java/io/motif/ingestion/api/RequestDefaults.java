package io.motif.ingestion.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Values the API fills in when a request leaves a parameter out, so a caller can ask for "training" with an empty
 * body. Commands on {@code motif.commands} stay complete (their schemas require every field); only the REST front
 * door has defaults. Values follow the Custom Diffusion reference for one concept: 250 steps at batch 8 with the
 * base rate 1e-5 scaled by the batch (8e-5), seed 42, 200 retrieved regularization images, DDIM 50 steps at
 * guidance 6 for samples (the reference's class-image settings).
 */
final class RequestDefaults {
    private static final Map<String, Map<String, Object>> BY_TYPE = Map.of(
            "concept.request-regularization.v1", ordered("source", "retrieved", "count", 200),
            "concept.request-training.v1", ordered("steps", 250, "batchSize", 8, "learningRate", 8e-5, "seed", 42),
            "concept.request-samples.v1", ordered("imagesPerPrompt", 4, "steps", 50, "guidanceScale", 6.0,
                    "seed", 42, "sampler", "ddim"));

    private RequestDefaults() {
    }

    /** Adds each default the body does not set; a value the caller gave (even an invalid one) is left alone. */
    static void fill(String commandType, ObjectNode body) {
        BY_TYPE.getOrDefault(commandType, Map.of()).forEach((field, value) -> {
            if (!body.has(field)) {
                body.putPOJO(field, value);
            }
        });
    }

    /** The defaults of one command type, for documentation and tests. */
    static Map<String, Object> of(String commandType) {
        return BY_TYPE.getOrDefault(commandType, Map.of());
    }

    private static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
