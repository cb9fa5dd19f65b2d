package io.reelpipe.ingest.upload;

import java.util.Map;

/**
 * What an upload became: the body of {@code POST /v1/assets} (202 for a new job, 200 when {@code deduplicated} and
 * an earlier job of the same pipeline version is reused), of a direct upload's completion and of
 * {@code GET /v1/uploads/{id}} once complete.
 */
public record UploadResponse(
        String assetId,
        String jobId,
        String pipeline,
        int pipelineVersion,
        String state,
        long size,
        String sha256,
        Map<String, Object> media,
        boolean deduplicated,
        Map<String, String> links) {
}
