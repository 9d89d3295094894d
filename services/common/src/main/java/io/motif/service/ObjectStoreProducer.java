package io.motif.service;

import io.motif.storage.ObjectStore;
import io.motif.storage.StorageException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** The service's one {@link ObjectStore}, and its bucket created at start-up. */
@ApplicationScoped
public class ObjectStoreProducer {

    private static final Logger LOG = Logger.getLogger(ObjectStoreProducer.class);

    @Produces
    @Singleton
    ObjectStore objectStore(StorageConfig config) {
        return new ObjectStore(config.settings());
    }

    /**
     * A store that is down at start-up must not keep the service from starting: readiness reports it
     * ({@link ObjectStoreHealthCheck}) and creates the bucket once the store answers.
     */
    void createBucket(@Observes StartupEvent event, ObjectStore store) {
        try {
            store.ensureBucket();
        } catch (StorageException e) {
            LOG.warnf("object store not ready at start-up (%s): %s", store.settings(), e.getMessage());
        }
    }
}
