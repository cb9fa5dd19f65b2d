package io.minio;

import java.io.RandomAccessFile;
import java.util.concurrent.CompletableFuture;

/**
 * Opens minio-java's package-private {@code PartSource} to ingest-service: an upload part read from a local file
 * (re-seekable, so okhttp can retry it) with its SHA-256 already known, so the client does not read the part a
 * second time to sign the request. Lives in {@code io.minio} only for that access (classpath, no module split).
 */
public final class ReelpipePartSources {

    private ReelpipePartSources() {
    }

    /** Uploads {@code size} bytes from the current position of {@code file} as part {@code number}. */
    public static CompletableFuture<UploadPartResponse> uploadPart(MinioAsyncClient client, String bucket, String region,
                                                                  String key, String uploadId, int number,
                                                                  RandomAccessFile file, long size, String sha256Hex)
            throws Exception {
        PartSource source = new PartSource(number, file, size, null, sha256Hex);
        return client.uploadPartAsync(bucket, region, key, source, number, uploadId, null, null);
    }
}
