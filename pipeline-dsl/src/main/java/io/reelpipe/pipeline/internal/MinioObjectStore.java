package io.reelpipe.pipeline.internal;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import io.reelpipe.pipeline.config.S3Properties;
import io.reelpipe.pipeline.storage.ObjectStore;
import io.reelpipe.pipeline.wire.ObjectRef;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@link ObjectStore} over minio-java. Every client call blocks, so each runs on bounded-elastic. Streams of unknown
 * size are uploaded as multipart with the configured part size; a missing key reads as empty ({@link #stat}) or as
 * {@link NoSuchFileException} ({@link #download}, {@link #getBytes}).
 */
public final class MinioObjectStore implements ObjectStore {

    private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchObject", "NotFound");

    private final MinioClient client;
    private final String bucket;
    private final long partSize;

    public MinioObjectStore(S3Properties props) {
        this(MinioClient.builder()
                .endpoint(props.endpoint())
                .credentials(props.accessKey(), props.secretKey())
                .region(props.region())
                .build(), props.bucket(), props.partSize().toBytes());
    }

    public MinioObjectStore(MinioClient client, String bucket, long partSize) {
        this.client = client;
        this.bucket = bucket;
        this.partSize = partSize;
    }

    public MinioClient client() {
        return client;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public Mono<Boolean> bucketExists() {
        return blocking(() -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
    }

    @Override
    public Mono<Void> ensureBucket() {
        return blocking(() -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                } catch (ErrorResponseException e) {
                    String code = e.errorResponse().code();
                    if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                        throw e;
                    }
                }
            }
            return true;
        }).then();
    }

    @Override
    public Mono<ObjectRef> put(String key, InputStream body, long size, String contentType, Map<String, String> userMetadata) {
        return blocking(() -> {
            CountingInputStream in = new CountingInputStream(body);
            PutObjectArgs.Builder b = PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(in, size < 0 ? -1 : size, size < 0 ? partSize : -1)
                    .contentType(contentType == null ? "application/octet-stream" : contentType);
            if (userMetadata != null && !userMetadata.isEmpty()) {
                b.userMetadata(userMetadata);
            }
            ObjectWriteResponse r = client.putObject(b.build());
            return new ObjectRef(bucket, key, size < 0 ? in.count : size, contentType, r.etag());
        });
    }

    @Override
    public Mono<ObjectRef> putFile(String key, Path file, String contentType) {
        return Mono.defer(() -> {
            try {
                long size = Files.size(file);
                return Mono.using(() -> Files.newInputStream(file), in -> put(key, in, size, contentType, Map.of()),
                        in -> closeQuietly(in));
            } catch (IOException e) {
                return Mono.error(e);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<ObjectRef> putBytes(String key, byte[] bytes, String contentType) {
        return put(key, new ByteArrayInputStream(bytes), bytes.length, contentType, Map.of());
    }

    @Override
    public Mono<Optional<ObjectRef>> stat(String key) {
        return blocking(() -> {
            try {
                StatObjectResponse s = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
                return Optional.of(new ObjectRef(bucket, key, s.size(), s.contentType(), s.etag()));
            } catch (ErrorResponseException e) {
                if (missing(e)) {
                    return Optional.<ObjectRef>empty();
                }
                throw e;
            }
        });
    }

    @Override
    public Mono<Path> download(String key, Path target) {
        return blocking(() -> {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path tmp = Files.createTempFile(parent, ".download-", ".part");
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return target;
            } catch (ErrorResponseException e) {
                throw missing(e) ? notFound(key) : e;
            } finally {
                Files.deleteIfExists(tmp);
            }
        });
    }

    @Override
    public Mono<byte[]> getBytes(String key) {
        return blocking(() -> {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return in.readAllBytes();
            } catch (ErrorResponseException e) {
                throw missing(e) ? notFound(key) : e;
            }
        });
    }

    @Override
    public Flux<ObjectRef> list(String prefix) {
        return Flux.defer(() -> {
            Iterable<Result<Item>> results = client.listObjects(
                    ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build());
            return Flux.fromIterable(results).map(r -> {
                try {
                    Item i = r.get();
                    return new ObjectRef(bucket, i.objectName(), i.size(), null, stripQuotes(i.etag()));
                } catch (Exception e) {
                    throw new IllegalStateException("listing " + prefix + " failed: " + e.getMessage(), e);
                }
            });
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<String> presignedGet(String key, java.time.Duration ttl) {
        // signing is local computation, but minio-java may look the region up once: keep it off the event loop
        return blocking(() -> client.getPresignedObjectUrl(io.minio.GetPresignedObjectUrlArgs.builder()
                .method(io.minio.http.Method.GET).bucket(bucket).object(key)
                .expiry((int) Math.max(1, Math.min(ttl.toSeconds(), 7 * 24 * 3600))).build()));
    }

    @Override
    public Mono<Void> delete(String key) {
        return blocking(() -> {
            try {
                client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            } catch (ErrorResponseException e) {
                if (!missing(e)) {
                    throw e;
                }
            }
            return true;
        }).then();
    }

    private static boolean missing(ErrorResponseException e) {
        return e.errorResponse() != null && MISSING.contains(e.errorResponse().code());
    }

    private NoSuchFileException notFound(String key) {
        return new NoSuchFileException(bucket + "/" + key, null, "NoSuchKey");
    }

    private static String stripQuotes(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }
    }
}
