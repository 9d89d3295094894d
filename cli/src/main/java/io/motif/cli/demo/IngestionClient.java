package io.motif.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The calls the demo makes on the ingestion service's public API, as any client would: JSON commands answered
 * 202 with a command id, and multipart image uploads. Every call carries the tenant's API key.
 */
public final class IngestionClient {

    static final String API_KEY_HEADER = "X-Api-Key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public IngestionClient(String baseUrl, String apiKey) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.apiKey = apiKey;
    }

    /** Whether the service knows this key (an unknown command is 404 for a known key, 401 otherwise). */
    public boolean acceptsKey() {
        HttpResponse<String> response = send(request("commands/cmd-key-check").GET().build());
        return response.statusCode() != 401;
    }

    /** Registers a concept; returns the command id. */
    public String register(String conceptId, String name, String category, String modifierToken,
                           String initializerToken) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("category", category);
        body.put("modifierToken", modifierToken);
        body.put("initializerToken", initializerToken);
        return commandId(post("concepts/" + conceptId, body), "register " + conceptId);
    }

    /** {@code kind}: regularization, training, merge or samples; returns the command id. */
    public String request(String conceptId, String kind, Map<String, Object> body) {
        return commandId(post("concepts/" + conceptId + "/requests/" + kind, body), kind + " for " + conceptId);
    }

    /** Uploads PNGs as one multipart request; returns the command id. Any image the intake refuses is an error. */
    public String addImages(String conceptId, List<DemoConcept.Png> images) {
        String boundary = "motif-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (DemoConcept.Png png : images) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + png.name() + "\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(png.bytes());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = send(request("concepts/" + conceptId + "/images")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
        JsonNode answer = checked(response, "upload images for " + conceptId);
        for (JsonNode line : answer.path("images")) {
            if (!"accepted".equals(line.path("outcome").asText())) {
                throw new DemoFailure("ingestion refused " + line.path("file").asText() + ": " + line);
            }
        }
        return answer.path("commandId").asText();
    }

    /** The concept's live state as ingestion folds it, or empty when it has none (or no such endpoint). */
    public Optional<JsonNode> concept(String conceptId) {
        HttpResponse<String> response = send(request("concepts/" + conceptId).GET().build());
        if (response.statusCode() == 404 || response.statusCode() == 405) {
            return Optional.empty();
        }
        return Optional.of(checked(response, "read concept " + conceptId));
    }

    private HttpResponse<String> post(String path, Map<String, Object> body) {
        try {
            return send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build());
        } catch (IOException e) {
            throw new DemoFailure("cannot encode " + body, e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header(API_KEY_HEADER, apiKey);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DemoFailure("ingestion at " + base + " did not answer " + request.method() + " "
                    + request.uri().getPath() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("interrupted", e);
        }
    }

    private static String commandId(HttpResponse<String> response, String what) {
        return checked(response, what).path("commandId").asText();
    }

    private static JsonNode checked(HttpResponse<String> response, String what) {
        if (response.statusCode() / 100 != 2) {
            throw new DemoFailure("ingestion refused to " + what + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new DemoFailure("ingestion answered " + what + " with something other than JSON: "
                    + response.body(), e);
        }
    }
}
