package io.reelpipe.pipeline.runtime;

import io.reelpipe.devstack.DevStack;
import io.reelpipe.devstack.junit.WithDevStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The runtime integration tests' common life cycle: one {@link Harness} on the shared dev stack per test class, every
 * runtime a test started stopped after it.
 */
@WithDevStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RuntimeITBase {

    Harness h;

    @BeforeAll
    void startHarness(DevStack stack) throws Exception {
        h = new Harness(stack);
    }

    @AfterEach
    void stopRuntimes() {
        h.stopRuntimes();
    }

    @AfterAll
    void closeHarness() {
        if (h != null) {
            h.close();
        }
    }
}
