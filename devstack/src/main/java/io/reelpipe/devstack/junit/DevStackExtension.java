package io.reelpipe.devstack.junit;

import io.reelpipe.devstack.DevStack;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that shares ONE {@link DevStack} per test JVM: started lazily on first use with
 * {@link io.reelpipe.devstack.DevStackOptions#defaults()} (so {@code REELPIPE_*} variables select external servers),
 * stopped by the stack's JVM shutdown hook. Resolves {@code DevStack} parameters.
 *
 * <p>Outside JUnit's parameter resolution (e.g. in a Spring {@code @DynamicPropertySource} method) use
 * {@link #shared()}.
 */
public final class DevStackExtension implements BeforeAllCallback, ParameterResolver {

    private static volatile DevStack shared;

    /** The shared stack of this JVM, started on first call. */
    public static DevStack shared() {
        DevStack s = shared;
        if (s == null) {
            synchronized (DevStackExtension.class) {
                s = shared;
                if (s == null) {
                    s = DevStack.start();
                    shared = s;
                }
            }
        }
        return s;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        shared();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
            throws ParameterResolutionException {
        return parameterContext.getParameter().getType() == DevStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
            throws ParameterResolutionException {
        return shared();
    }
}
