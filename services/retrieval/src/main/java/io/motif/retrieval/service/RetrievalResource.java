package io.motif.retrieval.service;

import io.motif.retrieval.IndexMetadata;
import io.motif.retrieval.Selection;
import io.motif.retrieval.SelectionRequest;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Operator endpoints of the retrieval service: import a corpus folder, show the served index, and try a query.
 * Imports read the local file system, so they are confined to {@code motif.retrieval.import-root}.
 */
@Path("/retrieval")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class RetrievalResource {

    @Inject
    RetrievalWorker worker;

    @ConfigProperty(name = "motif.retrieval.import-root", defaultValue = "data/corpora")
    java.nio.file.Path importRoot;

    /** The folder body is a path under the import root (reference layout: images/ + caption.txt). */
    public record ImportRequest(String folder) {
    }

    @POST
    @Path("/corpus")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response importCorpus(ImportRequest request) throws Exception {
        if (request == null || request.folder() == null) {
            return problem(400, "body must be {\"folder\": \"…\"}");
        }
        java.nio.file.Path root = importRoot.toAbsolutePath().normalize();
        java.nio.file.Path folder = root.resolve(request.folder()).normalize();
        if (!folder.startsWith(root) || !Files.isDirectory(folder)) {
            return problem(400, "folder must be an existing directory under the import root");
        }
        CorpusImporter.Imported imported = worker.importAndServe(folder);
        return Response.ok(Map.of("indexKey", imported.indexKey().path(), "captions", imported.metadata().count(),
                "refusedImages", imported.refused(), "encoder", imported.metadata().encoderId())).build();
    }

    @GET
    @Path("/index")
    public Response index() {
        return worker.indexes().current()
                .map(l -> {
                    IndexMetadata m = l.index().metadata();
                    return Response.ok(Map.of("indexKey", l.key().path(), "captions", m.count(), "dimension",
                            m.dimension(), "encoder", m.encoderId(), "exactSearch", l.index().searchesExactly())).build();
                })
                .orElseGet(() -> problem(404, "no corpus indexed yet"));
    }

    @GET
    @Path("/query")
    public Response query(@QueryParam("caption") String caption, @QueryParam("k") Integer k,
                          @QueryParam("threshold") Float threshold) throws Exception {
        var loaded = worker.indexes().current().orElse(null);
        if (loaded == null) {
            return problem(404, "no corpus indexed yet");
        }
        SelectionRequest request;
        try {
            request = new SelectionRequest(caption, k == null ? SelectionRequest.DEFAULT_K : k,
                    threshold == null ? SelectionRequest.DEFAULT_THRESHOLD : threshold,
                    SelectionRequest.ShortfallPolicy.FILL_WITH_BEST_BELOW);
        } catch (IllegalArgumentException e) {
            return problem(400, e.getMessage());
        }
        Selection selection = loaded.selector().select(request);
        return Response.ok(selection).build();
    }

    private static Response problem(int status, String detail) {
        return Response.status(status).entity(Map.of("status", status, "detail", detail)).build();
    }
}
