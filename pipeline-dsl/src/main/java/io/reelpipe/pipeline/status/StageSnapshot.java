package io.reelpipe.pipeline.status;

import io.reelpipe.pipeline.wire.StageState;
import java.time.Instant;
import java.util.List;

/**
 * One stage's state; progress is 0..1. {@code byCondition}: SKIPPED because its {@code when} was false.
 * {@code startedAt}: when the current attempt started (null before).
 */
public record StageSnapshot(String name, String filter, List<String> needs, StageState state, double progress,
                            int attempt, String error, Instant updatedAt, Instant startedAt, boolean byCondition) {

    public StageSnapshot(String name, String filter, List<String> needs, StageState state, double progress,
                         int attempt, String error, Instant updatedAt) {
        this(name, filter, needs, state, progress, attempt, error, updatedAt, null, false);
    }
}
