package io.motif.service;

import io.motif.storage.ObjectStore;
import io.motif.storage.StorageException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the object store answers and the service's bucket exists (created here if it does not yet). */
@Readiness
@ApplicationScoped
public class ObjectStoreHealthCheck implements HealthCheck {

    @Inject
    ObjectStore store;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("object-store")
                .withData("endpoint", store.settings().endpoint())
                .withData("bucket", store.settings().bucket());
        try {
            if (!store.bucketExists()) {
                store.ensureBucket();
            }
            return response.up().build();
        } catch (StorageException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
