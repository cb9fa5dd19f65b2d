package io.reelpipe.ingest.asset;

import java.time.Instant;
import java.util.Map;

/** A row of {@code assets}: an uploaded original that was stored completely and probed as a video. */
public record AssetRecord(
        String id,
        String tenant,
        String filename,
        String title,
        String contentType,
        long sizeBytes,
        String sha256,
        String sourceBucket,
        String sourceKey,
        Map<String, Object> media,
        String state,
        Instant createdAt) {

    public static final String READY = "READY";
}
