package io.reelpipe.ingest.job;

import java.time.Instant;
import java.util.List;

/** A row of {@code stages}. */
public record StageRecord(
        String jobId,
        String name,
        String filter,
        List<String> needs,
        String state,
        double progress,
        int attempt,
        String error,
        Instant startedAt,
        Instant finishedAt,
        Instant updatedAt) {
}
