package io.reelpipe.ingest.asset;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The body of {@code GET /v1/assets/{id}}: the asset, its probed media info and its jobs. */
public record AssetView(
        String assetId,
        String filename,
        String title,
        String contentType,
        long size,
        String sha256,
        String state,
        Map<String, Object> media,
        Instant createdAt,
        List<JobSummary> jobs,
        Map<String, String> links) {

    public record JobSummary(String jobId, String pipeline, int pipelineVersion, String state, String error,
                             Instant createdAt, Instant finishedAt, Map<String, String> links) {
    }
}
