package io.motif.ingestion.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Tenant administration: issue an API key (shown once; only its hash is kept). Requires the admin key. */
@Path("/admin/tenants")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
    @Inject
    Tenancy tenancy;

    @POST
    @Path("/{tenant}/keys")
    public Response issueKey(@PathParam("tenant") String tenant) {
        try {
            return Response.status(201).entity(Map.of("tenant", tenant, "apiKey", tenancy.keys().issue(tenant))).build();
        } catch (IllegalArgumentException e) {
            return Problems.of(400, "invalid_tenant", e.getMessage());
        }
    }
}
