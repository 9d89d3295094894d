package io.motif.ingestion.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Tenant administration: issue an API key (shown once; only its hash is kept). Requires the admin key. */
@Path("/admin/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin", description = "Tenant administration (admin key)")
@SecurityRequirement(name = "apiKey")
public class AdminResource {
    @Inject
    Tenancy tenancy;

    @POST
    @Path("/{tenant}/keys")
    @Operation(summary = "Issue an API key for a tenant", description = "The plain key is in this answer only; "
            + "the service keeps its sha256.")
    @APIResponse(responseCode = "201", description = "the new key")
    @APIResponse(responseCode = "400", description = "invalid tenant name")
    @APIResponse(responseCode = "401", description = "not the admin key")
    public Response issueKey(@PathParam("tenant") String tenant) {
        try {
            return Response.status(201).entity(Map.of("tenant", tenant, "apiKey", tenancy.keys().issue(tenant))).build();
        } catch (IllegalArgumentException e) {
            return Problems.of(400, "invalid_tenant", e.getMessage());
        }
    }
}
