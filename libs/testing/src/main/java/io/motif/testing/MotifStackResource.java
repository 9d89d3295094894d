package io.motif.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} service at this JVM's shared stack:
 * {@code @WithTestResource(MotifStackResource.class)} (or {@code @QuarkusTestResource}) sets
 * {@code kafka.bootstrap.servers} and {@code motif.storage.*}. The stack outlives the Quarkus application, so the
 * next test class (even with another profile) starts in seconds.
 */
public final class MotifStackResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return SharedStack.endpoints().asConfig();
    }

    @Override
    public void stop() {
        // shared per JVM: stopped by SharedStack's shutdown hook
    }
}
