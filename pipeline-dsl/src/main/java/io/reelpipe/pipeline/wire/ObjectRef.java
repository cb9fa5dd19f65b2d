package io.reelpipe.pipeline.wire;

/** An object in object storage. {@code size} is -1 when unknown. */
public record ObjectRef(String bucket, String key, long size, String contentType, String etag) {
}
