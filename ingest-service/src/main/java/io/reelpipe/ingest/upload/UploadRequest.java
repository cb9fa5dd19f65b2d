package io.reelpipe.ingest.upload;

import java.util.Map;

/**
 * What came with an upload besides its bytes.
 *
 * @param contentLength the declared body length, -1 when the body is chunked
 * @param tags          free-form metadata carried to the workers
 */
public record UploadRequest(String tenant, String filename, String title, String pipeline, String contentType,
                            long contentLength, String traceparent, Map<String, String> tags) {

    public UploadRequest {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public UploadRequest withFile(String filename, String contentType, long contentLength) {
        return new UploadRequest(tenant, filename, title, pipeline, contentType, contentLength, traceparent, tags);
    }
}
