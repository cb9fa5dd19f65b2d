package io.reelpipe.pipeline.storage;

import io.reelpipe.pipeline.wire.ObjectRef;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Object storage (MinIO in production, S3Proxy in dev) through minio-java. Blocking client calls run on
 * bounded-elastic; streams of unknown size go up as multipart uploads, so nothing sits whole in memory.
 */
public interface ObjectStore {

    String bucket();

    /** True when the bucket exists; fails when the storage is unreachable (readiness checks). */
    default Mono<Boolean> bucketExists() {
        return stat(".reelpipe-health").thenReturn(true);
    }

    /** Creates the bucket if missing. */
    Mono<Void> ensureBucket();

    /** Streams {@code body} (any size; size -1 when unknown) to {@code key}. */
    Mono<ObjectRef> put(String key, InputStream body, long size, String contentType, Map<String, String> userMetadata);

    Mono<ObjectRef> putFile(String key, Path file, String contentType);

    Mono<ObjectRef> putBytes(String key, byte[] bytes, String contentType);

    Mono<Optional<ObjectRef>> stat(String key);

    /** Downloads to {@code target} (created or replaced). */
    Mono<Path> download(String key, Path target);

    Mono<byte[]> getBytes(String key);

    /** Lists keys under a prefix, recursively. */
    Flux<ObjectRef> list(String prefix);

    /**
     * A presigned GET URL of {@code key} valid for {@code ttl}, for readers that fetch ranges themselves (FFmpeg);
     * empty when this store cannot make one.
     */
    default Mono<String> presignedGet(String key, java.time.Duration ttl) {
        return Mono.empty();
    }

    /** Deletes; deleting a missing key is not an error. */
    Mono<Void> delete(String key);
}
