package io.reelpipe.gateway.storage;

import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import io.reelpipe.pipeline.config.S3Properties;
import io.reelpipe.pipeline.internal.MinioObjectStore;
import io.reelpipe.pipeline.storage.ObjectStore;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * What the gateway needs beyond {@link ObjectStore}: metadata with Last-Modified, ranged streaming reads and listings
 * with dates. Same minio-java client as the shared {@link ObjectStore}; every blocking call runs on bounded-elastic,
 * and bodies are streamed in 64 KiB buffers, never held whole.
 */
@Component
public class ObjectReader {

    private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchObject", "NotFound");
    private static final int BUFFER = 64 * 1024;

    private final MinioClient client;
    private final String bucket;

    public ObjectReader(ObjectStore store, S3Properties props) {
        this.client = store instanceof MinioObjectStore m ? m.client() : MinioClient.builder()
                .endpoint(props.endpoint()).credentials(props.accessKey(), props.secretKey())
                .region(props.region()).build();
        this.bucket = store.bucket();
    }

    public String bucket() {
        return bucket;
    }

    public Mono<Optional<StoredObject>> stat(String key) {
        return Mono.fromCallable(() -> {
            try {
                StatObjectResponse s = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
                Instant lm = s.lastModified() == null ? Instant.EPOCH : s.lastModified().toInstant();
                return Optional.of(new StoredObject(key, s.size(), unquote(s.etag()), lm, s.contentType()));
            } catch (ErrorResponseException e) {
                if (missing(e)) {
                    return Optional.<StoredObject>empty();
                }
                throw e;
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** Streams {@code length} bytes from {@code offset}; the S3 request is made on subscription. */
    public Flux<DataBuffer> read(String key, long offset, long length, DataBufferFactory factory) {
        if (length <= 0) {
            return Flux.empty();
        }
        return DataBufferUtils.readInputStream(() -> open(key, offset, length), factory, BUFFER)
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** The whole object into memory: only for small objects (playlists). */
    public Mono<byte[]> readAll(String key) {
        return Mono.fromCallable(() -> {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return in.readAllBytes();
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private InputStream open(String key, long offset, long length) throws Exception {
        return client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).offset(offset).length(length)
                .build());
    }

    /**
     * Every object under {@code prefix}, recursively, with its date. Folder markers (keys ending in {@code /}, which
     * S3Proxy's filesystem backend lists) are not objects and are left out.
     */
    public Flux<StoredObject> list(String prefix) {
        return listRaw(prefix).filter(o -> !o.key().endsWith("/"));
    }

    /** {@link #list} with folder markers. */
    public Flux<StoredObject> listRaw(String prefix) {
        return Flux.defer(() -> {
            Iterable<Result<Item>> results = client.listObjects(
                    ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build());
            return Flux.fromIterable(results).map(r -> {
                try {
                    Item i = r.get();
                    Instant lm = i.lastModified() == null ? Instant.EPOCH : i.lastModified().toInstant();
                    return new StoredObject(i.objectName(), i.size(), unquote(i.etag()), lm, null);
                } catch (Exception e) {
                    throw new IllegalStateException("listing " + prefix + " failed: " + e.getMessage(), e);
                }
            });
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** The "folders" right under {@code prefix} (e.g. the asset prefixes of a tenant), not recursive. */
    public Flux<String> childPrefixes(String prefix) {
        return Flux.defer(() -> {
            Iterable<Result<Item>> results = client.listObjects(
                    ListObjectsArgs.builder().bucket(bucket).prefix(prefix).delimiter("/").recursive(false).build());
            return Flux.fromIterable(results).<String>handle((r, sink) -> {
                try {
                    Item i = r.get();
                    if (i.isDir()) {
                        sink.next(i.objectName());
                    }
                } catch (Exception e) {
                    sink.error(new IllegalStateException("listing " + prefix + " failed: " + e.getMessage(), e));
                }
            });
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** Deletes one object; a missing one is not an error. */
    public Mono<Void> delete(String key) {
        return Mono.fromCallable(() -> {
            try {
                client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            } catch (ErrorResponseException e) {
                if (!missing(e)) {
                    throw e;
                }
            }
            return true;
        }).subscribeOn(Schedulers.boundedElastic()).then();
    }

    private static boolean missing(ErrorResponseException e) {
        return e.errorResponse() != null && MISSING.contains(e.errorResponse().code());
    }

    static String unquote(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }
}
