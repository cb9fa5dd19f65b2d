package io.reelpipe.pipeline.internal;

import io.reelpipe.pipeline.storage.ObjectStore;
import io.reelpipe.pipeline.wire.ObjectRef;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The object store as the stages see it: counts the bytes they download and upload ({@code reelpipe.stage.bytes}). */
final class MeteredObjectStore implements ObjectStore {

    private final ObjectStore delegate;
    private final RuntimeMetrics metrics;

    MeteredObjectStore(ObjectStore delegate, RuntimeMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    @Override
    public String bucket() {
        return delegate.bucket();
    }

    @Override
    public Mono<Void> ensureBucket() {
        return delegate.ensureBucket();
    }

    @Override
    public Mono<Boolean> bucketExists() {
        return delegate.bucketExists();
    }

    @Override
    public Mono<ObjectRef> put(String key, InputStream body, long size, String contentType, Map<String, String> meta) {
        return delegate.put(key, body, size, contentType, meta).doOnNext(r -> metrics.bytesOut(r.size()));
    }

    @Override
    public Mono<ObjectRef> putFile(String key, Path file, String contentType) {
        return delegate.putFile(key, file, contentType).doOnNext(r -> metrics.bytesOut(r.size()));
    }

    @Override
    public Mono<ObjectRef> putBytes(String key, byte[] bytes, String contentType) {
        return delegate.putBytes(key, bytes, contentType).doOnNext(r -> metrics.bytesOut(bytes.length));
    }

    @Override
    public Mono<Optional<ObjectRef>> stat(String key) {
        return delegate.stat(key);
    }

    @Override
    public Mono<Path> download(String key, Path target) {
        return delegate.download(key, target).doOnNext(p -> {
            try {
                metrics.bytesIn(Files.size(p));
            } catch (Exception ignored) {
                // a metric is not worth failing the stage
            }
        });
    }

    @Override
    public Mono<byte[]> getBytes(String key) {
        return delegate.getBytes(key).doOnNext(b -> metrics.bytesIn(b.length));
    }

    @Override
    public Flux<ObjectRef> list(String prefix) {
        return delegate.list(prefix);
    }

    @Override
    public Mono<String> presignedGet(String key, java.time.Duration ttl) {
        return delegate.presignedGet(key, ttl);
    }

    @Override
    public Mono<Void> delete(String key) {
        return delegate.delete(key);
    }
}
