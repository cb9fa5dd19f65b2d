package io.reelpipe.ingest.tus;

import io.reelpipe.ingest.storage.S3Multipart.PartInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A row of {@code tus_uploads}: everything needed to resume an upload after a restart (bytes live in S3). */
public record TusUpload(
        String id,
        String tenant,
        String assetId,
        String objectKey,
        Long length,
        long offset,
        Map<String, String> metadata,
        String metadataRaw,
        String pipeline,
        String contentType,
        String concatType,
        List<String> concatParts,
        String s3UploadId,
        List<PartInfo> parts,
        long partsBytes,
        long tailBytes,
        String spoolPath,
        byte[] sha256State,
        byte[] sha256DurableState,
        String sha256,
        String state,
        String reason,
        String reasonCode,
        String jobId,
        boolean deduplicated,
        String traceparent,
        String lockOwner,
        Instant lockExpiresAt,
        Instant expiresAt,
        Instant createdAt) {

    public static final String UPLOADING = "UPLOADING";
    public static final String COMPLETING = "COMPLETING";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";

    public boolean partial() {
        return "partial".equals(concatType);
    }

    public boolean fin() {
        return "final".equals(concatType);
    }

    public boolean complete() {
        return length != null && offset == length;
    }
}
