package io.reelpipe.ingest.job;

import java.time.Instant;

/** A row of {@code jobs}. */
public record JobRecord(
        String id,
        String assetId,
        String tenant,
        String pipelineName,
        int pipelineVersion,
        String state,
        String error,
        String traceparent,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant finishedAt) {
}
