package io.motif.testing;

import io.motif.stack.StackEndpoints;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * For plain JUnit 5 tests: {@code @ExtendWith(MotifStackExtension.class)} and take a {@link StackEndpoints}
 * parameter (in a test method, a lifecycle method or the constructor). All test classes of a JVM share one stack.
 */
public final class MotifStackExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == StackEndpoints.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return SharedStack.endpoints();
    }
}
