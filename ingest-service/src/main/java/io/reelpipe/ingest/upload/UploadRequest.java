package io.reelpipe.ingest.upload;

/**
 * What came with an upload besides its bytes.
 *
 * @param contentLength the declared body length, -1 when the body is chunked
 */
public record UploadRequest(String tenant, String filename, String title, String pipeline, String contentType,
                            long contentLength, String traceparent) {
}
