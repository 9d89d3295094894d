package io.motif.ingestion.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.motif.events.Image;
import io.motif.events.Vocabulary;
import io.motif.events.command.AddImages;
import io.motif.events.command.ConceptCommand;
import io.motif.events.schema.InvalidMessageException;
import io.motif.events.schema.MessageCodec;
import io.motif.imaging.ImageIntake;
import io.motif.imaging.IntakeBatch;
import io.motif.imaging.IntakeOutcome;
import io.motif.storage.ObjectKey;
import io.motif.storage.ObjectStore;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The public API. Each state-changing call becomes a command on {@code motif.commands} (built from the body plus
 * the id, the caller's tenant and the concept from the path, then checked against the command's JSON Schema) and
 * is answered 202 with the command id and a link to its outcome. Images are checked, normalised and stored
 * before their command is sent, so the log only ever names images that exist.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ConceptsResource {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Request kinds of POST /concepts/{id}/requests/{kind} and their command types. */
    private static final Map<String, String> REQUESTS = Map.of(
            "regularization", "concept.request-regularization.v1",
            "training", "concept.request-training.v1",
            "merge", "concept.request-merge.v1",
            "samples", "concept.request-samples.v1");

    @Inject
    CommandSender sender;
    @Inject
    CommandOutcomes outcomes;
    @Inject
    ObjectStore store;
    @Inject
    MeterRegistry registry;

    private final IntakeBatch intake = new IntakeBatch(new ImageIntake());

    @POST
    @Path("concepts/{conceptId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(@PathParam("conceptId") String conceptId, ObjectNode body,
                             @Context ContainerRequestContext request) throws Exception {
        return submit("concept.register.v1", conceptId, body, request);
    }

    @POST
    @Path("concepts/{conceptId}/requests/{kind}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response request(@PathParam("conceptId") String conceptId, @PathParam("kind") String kind, ObjectNode body,
                            @Context ContainerRequestContext request) throws Exception {
        String type = REQUESTS.get(kind);
        if (type == null) {
            return Problems.of(404, "unknown_request", "requests are " + REQUESTS.keySet());
        }
        return submit(type, conceptId, body, request);
    }

    @POST
    @Path("concepts/{conceptId}/images")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response addImages(@PathParam("conceptId") String conceptId, @RestForm("file") List<FileUpload> files,
                              @Context ContainerRequestContext request) throws Exception {
        String tenant = tenant(request);
        if (files == null || files.isEmpty()) {
            return Problems.of(400, "no_images", "send one or more multipart parts named 'file'");
        }
        List<IntakeBatch.Upload> uploads = new ArrayList<>();
        for (FileUpload f : files) {
            uploads.add(new IntakeBatch.Upload(f.fileName(), Files.readAllBytes(f.uploadedFile())));
            registry.summary("motif_ingestion_image_bytes").record(f.size());
        }
        // duplicates within this upload are caught here; against the concept's earlier images, by its single writer
        // (it knows which images the concept holds; the store only knows the tenant's)
        List<IntakeOutcome> results = intake.process(uploads, sha -> false);
        List<Image> accepted = new ArrayList<>();
        List<Map<String, Object>> report = new ArrayList<>();
        for (IntakeOutcome o : results) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("file", o.name());
            if (o instanceof IntakeOutcome.Accepted a) {
                ObjectKey key = store.putContent(tenant, "images", a.image().png(), "image/png");
                accepted.add(new Image(key.path(), a.image().sha256(), a.image().width(), a.image().height(), "png"));
                line.put("outcome", "accepted");
                line.put("sha256", a.image().sha256());
            } else if (o instanceof IntakeOutcome.Duplicate d) {
                line.put("outcome", "duplicate");
                line.put("sha256", d.sha256());
            } else if (o instanceof IntakeOutcome.Rejected r) {
                registry.counter("motif_ingestion_images_rejected_total", "reason", r.reason().code()).increment();
                line.put("outcome", "rejected");
                line.put("reason", r.reason().code());
                line.put("detail", r.detail());
            }
            report.add(line);
        }
        if (accepted.isEmpty()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", 422);
            body.put("code", "no_new_images");
            body.put("detail", "no image was accepted; nothing was stored or sent");
            body.put("images", report);
            return Response.status(422).entity(body).build();
        }
        AddImages command = new AddImages(newCommandId(), tenant, conceptId, accepted);
        Response.ResponseBuilder answer = send(command, tenant);
        Map<String, Object> body = accepted(command.commandId());
        body.put("images", report);
        return answer.entity(body).build();
    }

    @GET
    @Path("commands/{commandId}")
    public Response command(@PathParam("commandId") String commandId, @Context ContainerRequestContext request) {
        return outcomes.find(commandId, tenant(request))
                .map(o -> Response.ok(o).build())
                .orElseGet(() -> Problems.of(404, "not_found", "no such command"));
    }

    /** Builds the command from the body with the server-set fields, checks it against its schema and sends it. */
    private Response submit(String type, String conceptId, ObjectNode body, ContainerRequestContext request)
            throws Exception {
        String tenant = tenant(request);
        ObjectNode json = body == null ? JSON.createObjectNode() : body.deepCopy();
        json.put("commandId", newCommandId());
        json.put("tenant", tenant);
        json.put("conceptId", conceptId);
        ConceptCommand command;
        try {
            command = (ConceptCommand) MessageCodec.decodeChecked(type, JSON.writeValueAsBytes(json));
        } catch (InvalidMessageException e) {
            registry.counter("motif_ingestion_commands_total", "type", type, "outcome", "invalid").increment();
            return Problems.of(400, "invalid_command", e.getMessage());
        }
        return send(command, tenant).entity(accepted(command.commandId())).build();
    }

    private Response.ResponseBuilder send(ConceptCommand command, String tenant) throws Exception {
        outcomes.sent(command.commandId(), tenant, command.conceptId(), Vocabulary.typeOf(command));
        sender.send(command);
        return Response.accepted().location(URI.create("/commands/" + command.commandId()));
    }

    private static Map<String, Object> accepted(String commandId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("commandId", commandId);
        body.put("status", "pending");
        body.put("links", Map.of("outcome", "/commands/" + commandId));
        return body;
    }

    private static String tenant(ContainerRequestContext request) {
        return (String) request.getProperty(ApiKeyFilter.TENANT);
    }

    private static String newCommandId() {
        return "cmd-" + UUID.randomUUID();
    }
}
