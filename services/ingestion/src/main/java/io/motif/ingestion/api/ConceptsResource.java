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
import io.motif.ingestion.log.ConceptLogFollower;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.DefaultValue;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
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
@Tag(name = "concepts", description = "Register concepts, add images, request work, read state and history")
@SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        apiKeyName = ApiKeyFilter.HEADER, description = "the tenant's API key; it fixes the tenant of every call")
@SecurityRequirement(name = "apiKey")
@APIResponse(responseCode = "401", description = "no or unknown API key")
public class ConceptsResource {
    /** Most events one page of a concept's history holds. */
    static final int MAX_PAGE = 500;
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
    @Inject
    ConceptLogFollower log;

    private final IntakeBatch intake = new IntakeBatch(new ImageIntake());

    @POST
    @Path("concepts/{conceptId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a concept", description = "Body: name, category (the class word), optional "
            + "modifierToken and initializerToken. The concept id is global; registering an id another tenant "
            + "holds is rejected by the single writer.")
    @APIResponse(responseCode = "202", description = "command sent; follow links.outcome")
    @APIResponse(responseCode = "400", description = "the command does not match its schema (reason given)")
    public Response register(@PathParam("conceptId") String conceptId, ObjectNode body,
                             @Context ContainerRequestContext request) throws Exception {
        return submit("concept.register.v1", conceptId, body, request);
    }

    @POST
    @Path("concepts/{conceptId}/requests/{kind}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Request regularization, training, merge or samples", description = "The body is the "
            + "command's parameters (see the schemas concept.request-*.v1). Left out, these get defaults: "
            + "regularization source=retrieved count=200; training steps=250 batchSize=8 learningRate=8e-5 "
            + "seed=42; samples imagesPerPrompt=4 steps=50 guidanceScale=6 seed=42 sampler=ddim (prompts are "
            + "required). Bounds are the schemas'.")
    @APIResponse(responseCode = "202", description = "command sent; follow links.outcome")
    @APIResponse(responseCode = "400", description = "the command does not match its schema (reason given)")
    @APIResponse(responseCode = "404", description = "unknown request kind")
    public Response request(@PathParam("conceptId") String conceptId,
                            @Parameter(description = "regularization, training, merge or samples")
                            @PathParam("kind") String kind, ObjectNode body,
                            @Context ContainerRequestContext request) throws Exception {
        String type = REQUESTS.get(kind);
        if (type == null) {
            return Problems.of(404, "unknown_request", "requests are " + REQUESTS.keySet());
        }
        ObjectNode withDefaults = body == null ? JSON.createObjectNode() : body.deepCopy();
        RequestDefaults.fill(type, withDefaults);
        return submit(type, conceptId, withDefaults, request);
    }

    @POST
    @Path("concepts/{conceptId}/images")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Add images", description = "One or more multipart parts named 'file' (PNG, JPEG, WebP). "
            + "Each is checked (size, pixels, type, integrity), EXIF-oriented, stripped, normalised and stored "
            + "content-addressed; the answer says per file whether it was accepted, a duplicate or rejected and why.")
    @APIResponse(responseCode = "202", description = "accepted images stored and their command sent")
    @APIResponse(responseCode = "422", description = "no image was accepted; nothing stored or sent")
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
    @Operation(summary = "A command's outcome: pending, accepted, or rejected with a reason")
    @APIResponse(responseCode = "200", description = "the outcome")
    @APIResponse(responseCode = "404", description = "no command of this tenant has this id")
    public Response command(@PathParam("commandId") String commandId, @Context ContainerRequestContext request) {
        return outcomes.find(commandId, tenant(request))
                .map(o -> Response.ok(o).build())
                .orElseGet(() -> Problems.of(404, "not_found", "no such command"));
    }

    @GET
    @Path("concepts/{conceptId}")
    @Operation(summary = "A concept's current state", description = "The fold of the concept's events: phase of "
            + "each job, images, delta keys, samples, and the log position the answer was computed at. The read "
            + "first waits (briefly) for every event committed before it, so an accepted command's effects show.")
    @APIResponse(responseCode = "200", description = "the state",
            content = @Content(schema = @Schema(implementation = ConceptAnswers.ConceptView.class)))
    @APIResponse(responseCode = "404", description = "no concept of this tenant has this id")
    public Response concept(@PathParam("conceptId") String conceptId, @Context ContainerRequestContext request)
            throws InterruptedException {
        boolean caughtUp = log.catchUp(conceptId);
        return log.view().state(conceptId, tenant(request))
                .map(at -> Response.ok(ConceptAnswers.state(at, caughtUp)).build())
                .orElseGet(ConceptsResource::noSuchConcept);
    }

    @GET
    @Path("concepts/{conceptId}/events")
    @Operation(summary = "A concept's event history", description = "The log's events of this concept in order, "
            + "as CloudEvents with their log partition and offset, a page at a time.")
    @APIResponse(responseCode = "200", description = "a page of events",
            content = @Content(schema = @Schema(implementation = ConceptAnswers.EventPage.class)))
    @APIResponse(responseCode = "400", description = "from < 0, or limit outside 1.." + MAX_PAGE)
    @APIResponse(responseCode = "404", description = "no concept of this tenant has this id")
    public Response events(@PathParam("conceptId") String conceptId,
                           @Parameter(description = "index of the first event (0 = the registration)")
                           @QueryParam("from") @DefaultValue("0") int from,
                           @Parameter(description = "events per page, at most " + MAX_PAGE)
                           @QueryParam("limit") @DefaultValue("100") int limit,
                           @Context ContainerRequestContext request) throws InterruptedException {
        if (from < 0 || limit < 1 || limit > MAX_PAGE) {
            return Problems.of(400, "invalid_page", "from must be >= 0 and limit 1.." + MAX_PAGE);
        }
        boolean caughtUp = log.catchUp(conceptId);
        return log.view().history(conceptId, tenant(request), from, limit)
                .map(page -> Response.ok(ConceptAnswers.events(conceptId, page, limit, caughtUp)).build())
                .orElseGet(ConceptsResource::noSuchConcept);
    }

    /** The same answer whether the concept does not exist or belongs to another tenant. */
    private static Response noSuchConcept() {
        return Problems.of(404, "not_found", "no such concept");
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
