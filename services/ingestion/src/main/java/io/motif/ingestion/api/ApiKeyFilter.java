package io.motif.ingestion.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * Every API call names its tenant by key ({@code X-Api-Key}); the tenant is then fixed for the request and never
 * taken from the body or path. The admin call uses the admin key instead. Health, metrics and OpenAPI (/q/…) are
 * not JAX-RS resources and stay open.
 */
@Provider
@PreMatching // before resource matching: an unauthenticated caller learns nothing, not even which paths exist
public class ApiKeyFilter implements ContainerRequestFilter {
    static final String HEADER = "X-Api-Key";
    static final String TENANT = "motif.tenant";

    @Inject
    Tenancy tenancy;

    @Override
    public void filter(ContainerRequestContext request) {
        String key = request.getHeaderString(HEADER);
        if (request.getUriInfo().getPath().startsWith("/admin")) {
            if (!tenancy.isAdmin(key)) {
                request.abortWith(Problems.of(401, "unauthorized", "the admin key is required"));
            }
            return;
        }
        tenancy.keys().tenantOf(key).ifPresentOrElse(
                tenant -> request.setProperty(TENANT, tenant),
                () -> request.abortWith(Problems.of(401, "unauthorized", "a valid " + HEADER + " header is required")));
    }
}
