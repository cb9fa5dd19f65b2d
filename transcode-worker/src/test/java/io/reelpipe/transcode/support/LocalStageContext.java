package io.reelpipe.transcode.support;

import io.reelpipe.pipeline.filter.StageContext;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.wire.ObjectRef;
import io.reelpipe.pipeline.wire.OutputFile;
import io.reelpipe.pipeline.wire.StageTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Mono;

/** A {@link StageContext} over a local folder standing in for the bucket (object key = relative path). */
public final class LocalStageContext<P> implements StageContext<P> {

    public static final String BUCKET = "reelpipe";
    private final Path bucket;
    private final Path scratch;
    private final P params;
    private final String tenant;
    private final String asset;
    private final String stage;
    private final String jobId;
    private final BooleanSupplier cancelled;
    private final AtomicLong progress = new AtomicLong(Double.doubleToLongBits(0));
    private final AtomicInteger downloads = new AtomicInteger();
    public final Map<String, OutputFile> uploads = new ConcurrentHashMap<>();
    public volatile boolean sawDecrease;

    public LocalStageContext(Path bucket, Path scratch, P params, String tenant, String asset, String stage,
                             BooleanSupplier cancelled) {
        this.bucket = bucket;
        this.scratch = scratch;
        this.params = params;
        this.tenant = tenant;
        this.asset = asset;
        this.stage = stage;
        this.jobId = "job-" + asset;
        this.cancelled = cancelled;
    }

    /** Puts {@code file} as the asset's source and returns its ref. */
    public static ObjectRef putSource(Path bucket, String tenant, String asset, Path file) {
        String key = ObjectKeys.source(tenant, asset);
        try {
            Path t = bucket.resolve(key);
            Files.createDirectories(t.getParent());
            Files.copy(file, t, StandardCopyOption.REPLACE_EXISTING);
            return new ObjectRef(BUCKET, key, Files.size(t), "video/mp4", "etag-" + Files.size(t));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path object(String relative) {
        return bucket.resolve(ObjectKeys.stageOutput(tenant, asset, stage, relative));
    }

    public double progress() {
        return Double.longBitsToDouble(progress.get());
    }

    @Override
    public StageTask task() {
        throw new UnsupportedOperationException("not in local tests");
    }

    @Override
    public P parameters() {
        return params;
    }

    @Override
    public String jobId() {
        return jobId;
    }

    @Override
    public String assetId() {
        return asset;
    }

    @Override
    public String tenant() {
        return tenant;
    }

    @Override
    public String stage() {
        return stage;
    }

    @Override
    public ObjectRef source() {
        Path p = bucket.resolve(ObjectKeys.source(tenant, asset));
        try {
            return new ObjectRef(BUCKET, ObjectKeys.source(tenant, asset), Files.size(p), "video/mp4",
                    "etag-" + Files.size(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Path scratch() {
        return scratch;
    }

    @Override
    public void progress(double fraction) {
        double cur = progress();
        if (fraction < cur - 1e-9) {
            sawDecrease = true;
        }
        progress.accumulateAndGet(Double.doubleToLongBits(fraction),
                (a, b) -> Double.longBitsToDouble(b) > Double.longBitsToDouble(a) ? b : a);
    }

    @Override
    public boolean cancelled() {
        return cancelled.getAsBoolean();
    }

    @Override
    public Mono<Path> download(ObjectRef object) {
        return Mono.fromCallable(() -> {
            Path src = bucket.resolve(object.key());
            if (!Files.exists(src)) {
                throw new NoSuchFileException(object.key());
            }
            Path t = scratch.resolve("in").resolve(downloads.incrementAndGet() + "-" + src.getFileName());
            Files.createDirectories(t.getParent());
            Files.copy(src, t, StandardCopyOption.REPLACE_EXISTING);
            return t;
        });
    }

    /** Uploads whose name matches fail (a storage outage in the middle of a stage). */
    public volatile java.util.function.Predicate<String> failUploads = name -> false;

    @Override
    public Mono<Void> delete(String name) {
        return Mono.fromCallable(() -> Files.deleteIfExists(bucket.resolve(ObjectKeys.stageOutput(tenant, asset, stage,
                name)))).then();
    }

    @Override
    public Mono<OutputFile> upload(String name, Path file, String contentType, Map<String, Object> attributes) {
        return Mono.fromCallable(() -> {
            if (failUploads.test(name)) {
                throw new IOException("storage unavailable (test) for " + name);
            }
            String key = ObjectKeys.stageOutput(tenant, asset, stage, name);
            Path t = bucket.resolve(key);
            Files.createDirectories(t.getParent());
            Files.copy(file, t, StandardCopyOption.REPLACE_EXISTING);
            OutputFile o = new OutputFile(name, key, contentType, Files.size(t), attributes);
            uploads.put(name, o);
            return o;
        });
    }
}
