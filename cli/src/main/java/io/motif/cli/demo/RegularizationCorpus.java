package io.motif.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.motif.shapes.corpus.RegularizationCorpusWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Makes sure the retrieval service serves a regularization index: if it has none, writes a shapes-world corpus
 * (captioned images, the reference layout) under the service's import root and asks the service to import it.
 * The retrieval service reads the folder itself, so both must see the same file system (they do on one machine).
 */
public final class RegularizationCorpus {

    /** Pixel size of corpus images; the same as the instance images, so both reach the trainer alike. */
    static final int IMAGE_SIZE = 64;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI retrieval;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public RegularizationCorpus(String retrievalUrl) {
        this.retrieval = URI.create(retrievalUrl.endsWith("/") ? retrievalUrl : retrievalUrl + "/");
    }

    /** What the service serves: an index key and its caption count, or null when it has no index. */
    public record Served(String indexKey, int captions, boolean importedNow) {
    }

    /**
     * @param importRoot the retrieval service's {@code motif.retrieval.import-root}
     * @param folder     the corpus folder's name under it
     */
    public Served ensure(Path importRoot, String folder, int size, long seed) {
        JsonNode index = get("retrieval/index");
        if (index != null) {
            return new Served(index.path("indexKey").asText(), index.path("captions").asInt(), false);
        }
        Path dir = importRoot.resolve(folder);
        try {
            if (!Files.isRegularFile(dir.resolve("caption.txt"))) {
                new RegularizationCorpusWriter(seed, IMAGE_SIZE).write(dir, size);
            }
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(retrieval.resolve("retrieval/corpus"))
                    .timeout(Duration.ofMinutes(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(Map.of("folder", folder))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new DemoFailure("the retrieval service refused to import " + dir + ": HTTP "
                        + response.statusCode() + " " + response.body()
                        + " (it imports only under its motif.retrieval.import-root)");
            }
            JsonNode imported = JSON.readTree(response.body());
            return new Served(imported.path("indexKey").asText(), imported.path("captions").asInt(), true);
        } catch (IOException e) {
            throw new DemoFailure("cannot write or import the regularization corpus " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("interrupted", e);
        }
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(retrieval.resolve(path))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return null;
            }
            if (response.statusCode() != 200) {
                throw new DemoFailure("retrieval answered GET /" + path + " with HTTP " + response.statusCode() + " "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new DemoFailure("retrieval at " + retrieval + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("interrupted", e);
        }
    }
}
