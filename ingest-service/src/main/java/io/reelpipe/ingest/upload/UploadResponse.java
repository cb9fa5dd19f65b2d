package io.reelpipe.ingest.upload;

import java.util.Map;

/** The body of a 202 answer to {@code POST /v1/assets}. */
public record UploadResponse(
        String assetId,
        String jobId,
        String pipeline,
        int pipelineVersion,
        String state,
        long size,
        String sha256,
        Map<String, Object> media,
        Map<String, String> links) {
}
