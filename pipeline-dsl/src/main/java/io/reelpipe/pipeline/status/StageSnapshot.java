package io.reelpipe.pipeline.status;

import io.reelpipe.pipeline.wire.StageState;
import java.time.Instant;
import java.util.List;

/** One stage's state; progress is 0..1. */
public record StageSnapshot(String name, String filter, List<String> needs, StageState state, double progress,
                            int attempt, String error, Instant updatedAt) {
}
