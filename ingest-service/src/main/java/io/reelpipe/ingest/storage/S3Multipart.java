package io.reelpipe.ingest.storage;

import com.google.common.collect.HashMultimap;
import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioAsyncClient;
import io.minio.ReelpipePartSources;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.minio.messages.Part;
import io.reelpipe.pipeline.config.S3Properties;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * S3 multipart primitives and presigning, which pipeline-dsl's {@code ObjectStore} does not offer (yet): create,
 * upload a part from a local file, server-side part copy (compose), complete, abort, list parts, and presigned
 * PUT/GET/UploadPart URLs. Built on minio-java's {@link MinioAsyncClient} (its multipart calls are public on
 * {@code S3Base} in 8.6). Blocking methods: call them off the event loop.
 *
 * <p>Candidate for pipeline-dsl ({@code ObjectStore.presign*} and a {@code MultipartUploads} SPI).
 */
@Component
public class S3Multipart {

    /** S3's smallest part (all parts but the last). */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    /** S3's largest part number. */
    public static final int MAX_PARTS = 10_000;

    private static final Multimap<String, String> NONE = ImmutableMultimap.of();

    private final MinioAsyncClient client;
    private final String bucket;
    private final String region;

    public S3Multipart(S3Properties s3) {
        this.client = MinioAsyncClient.builder()
                .endpoint(s3.endpoint())
                .credentials(s3.accessKey(), s3.secretKey())
                .region(s3.region())
                .build();
        this.bucket = s3.bucket();
        this.region = s3.region();
    }

    public String bucket() {
        return bucket;
    }

    /** A finished part: number, ETag (without quotes) and size. */
    public record PartInfo(int number, String etag, long size) {
    }

    public String create(String key, String contentType, Map<String, String> userMetadata) {
        Multimap<String, String> headers = HashMultimap.create();
        headers.put("Content-Type", contentType == null ? "application/octet-stream" : contentType);
        if (userMetadata != null) {
            userMetadata.forEach((k, v) -> headers.put("x-amz-meta-" + k, v));
        }
        return call(() -> client.createMultipartUploadAsync(bucket, region, key, headers, NONE)).result().uploadId();
    }

    /** Starts uploading {@code size} bytes of {@code file} from offset 0 as part {@code number}. */
    public CompletableFuture<PartInfo> uploadPartAsync(String key, String uploadId, int number, Path file, long size,
                                                       String sha256Hex) {
        try {
            RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r");
            return ReelpipePartSources.uploadPart(client, bucket, region, key, uploadId, number, raf, size, sha256Hex)
                    .thenApply(r -> new PartInfo(number, strip(r.etag()), size))
                    .whenComplete((r, e) -> closeQuietly(raf));
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** UploadPartCopy: part {@code number} of {@code key} becomes the whole object {@code sourceKey}. */
    public PartInfo copyPart(String key, String uploadId, int number, String sourceKey, long size) {
        Multimap<String, String> headers = HashMultimap.create();
        headers.put("x-amz-copy-source", bucket + "/" + sourceKey);
        String etag = call(() -> client.uploadPartCopyAsync(bucket, region, key, uploadId, number, headers, NONE)).result().etag();
        return new PartInfo(number, strip(etag), size);
    }

    public String complete(String key, String uploadId, List<PartInfo> parts) {
        Part[] ps = parts.stream().map(p -> new Part(p.number(), p.etag())).toArray(Part[]::new);
        return strip(call(() -> client.completeMultipartUploadAsync(bucket, region, key, uploadId, ps, NONE, NONE)).etag());
    }

    /** Aborts; an upload that is already gone is not an error. */
    public void abort(String key, String uploadId) {
        try {
            call(() -> client.abortMultipartUploadAsync(bucket, region, key, uploadId, NONE, NONE));
        } catch (RuntimeException e) {
            if (!missing(e)) {
                throw e;
            }
        }
    }

    public List<PartInfo> listParts(String key, String uploadId) {
        List<PartInfo> out = new ArrayList<>();
        Integer marker = null;
        while (true) {
            Integer m = marker;
            var result = call(() -> client.listPartsAsync(bucket, region, key, 1000, m, uploadId, NONE, NONE)).result();
            for (Part p : result.partList()) {
                out.add(new PartInfo(p.partNumber(), strip(p.etag()), p.partSize()));
            }
            if (!result.isTruncated()) {
                return out;
            }
            marker = result.nextPartNumberMarker();
        }
    }

    /** A single PUT of a small local file. */
    public String putFile(String key, Path file, long size, String sha256Hex, String contentType,
                          Map<String, String> userMetadata) {
        Multimap<String, String> headers = HashMultimap.create();
        headers.put("Content-Type", contentType == null ? "application/octet-stream" : contentType);
        if (userMetadata != null) {
            userMetadata.forEach((k, v) -> headers.put("x-amz-meta-" + k, v));
        }
        // putObject of a PartSource is private in minio; a one-part multipart upload is the same object.
        String uploadId = create(key, contentType, userMetadata);
        try {
            PartInfo p = join(uploadPartAsync(key, uploadId, 1, file, size, sha256Hex));
            return complete(key, uploadId, List.of(p));
        } catch (RuntimeException e) {
            abort(key, uploadId);
            throw e;
        }
    }

    /** Streams an object (close the stream). */
    public java.io.InputStream get(String key) {
        return call(() -> client.getObject(io.minio.GetObjectArgs.builder().bucket(bucket).region(region).object(key)
                .build()));
    }

    /** Size of an object, or -1 when it does not exist. */
    public long size(String key) {
        try {
            return call(() -> client.statObject(io.minio.StatObjectArgs.builder().bucket(bucket).region(region)
                    .object(key).build())).size();
        } catch (RuntimeException e) {
            if (missing(e)) {
                return -1;
            }
            throw e;
        }
    }

    public String presignPut(String key, int expirySeconds, Map<String, String> query) {
        return presign(Method.PUT, key, expirySeconds, query);
    }

    public String presignGet(String key, int expirySeconds) {
        return presign(Method.GET, key, expirySeconds, Map.of());
    }

    /** A presigned URL for one {@code UploadPart} of a multipart upload. */
    public String presignUploadPart(String key, String uploadId, int number, int expirySeconds) {
        return presign(Method.PUT, key, expirySeconds, Map.of("uploadId", uploadId, "partNumber", String.valueOf(number)));
    }

    private String presign(Method method, String key, int expirySeconds, Map<String, String> query) {
        try {
            return client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(method).bucket(bucket).object(key)
                    .expiry(Math.max(60, expirySeconds), TimeUnit.SECONDS)
                    .extraQueryParams(query)
                    .build());
        } catch (Exception e) {
            throw new IllegalStateException("cannot presign " + method + " " + key + ": " + e.getMessage(), e);
        }
    }

    /** SHA-256 hex of the first {@code size} bytes of a local file. */
    public static String sha256Hex(Path file, long size) {
        try (var in = java.nio.file.Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            if (digest(in, md, size) < size) {
                throw new IOException(file + " is shorter than " + size + " bytes");
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * SHA-256 hex of the objects under {@code keys}, read in order as one stream: one read of bytes that never
     * passed through this process (a direct upload, the partials of a tus concatenation).
     */
    public String sha256Hex(List<String> keys) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String key : keys) {
                try (InputStream in = get(key)) {
                    digest(in, md, Long.MAX_VALUE);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Feeds up to {@code limit} bytes of {@code in} to {@code md}; returns how many it read. */
    private static long digest(InputStream in, MessageDigest md, long limit) throws IOException {
        byte[] buf = new byte[1 << 16];
        long read = 0;
        while (read < limit) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, limit - read));
            if (n < 0) {
                break;
            }
            md.update(buf, 0, n);
            read += n;
        }
        return read;
    }

    public static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    public static boolean missing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ErrorResponseException ere && ere.errorResponse() != null) {
                String code = ere.errorResponse().code();
                return "NoSuchUpload".equals(code) || "NoSuchKey".equals(code) || "NotFound".equals(code);
            }
        }
        return false;
    }

    @FunctionalInterface
    private interface AsyncCall<T> {
        CompletableFuture<T> start() throws Exception;
    }

    private static <T> T call(AsyncCall<T> c) {
        try {
            return join(c.start());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new S3Exception(e.getMessage(), e);
        }
    }

    private static RuntimeException unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof RuntimeException re && !(t instanceof CompletionException) ? re
                : new S3Exception(t.toString(), t);
    }

    private static String strip(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

    private static void closeQuietly(RandomAccessFile f) {
        try {
            f.close();
        } catch (IOException ignored) {
            // read-only
        }
    }

    /** A storage call failed. */
    public static final class S3Exception extends RuntimeException {
        S3Exception(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
