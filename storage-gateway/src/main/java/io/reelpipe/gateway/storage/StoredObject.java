package io.reelpipe.gateway.storage;

import java.time.Instant;

/**
 * An object's metadata as the gateway serves it.
 *
 * @param key          the object key
 * @param size         bytes
 * @param etag         the S3 ETag without quotes
 * @param lastModified when it was written (second precision)
 * @param contentType  the stored Content-Type; may be null
 */
public record StoredObject(String key, long size, String etag, Instant lastModified, String contentType) {
}
