package io.reelpipe.subtitle.support;

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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Mono;

/** A {@link StageContext} over a local folder standing in for the bucket (object key = relative path). */
public final class LocalStageContext<P> implements StageContext<P> {

    public static final String BUCKET = "reelpipe";
    public static final String TENANT = "acme";
    private final Path bucket;
    private final Path scratch;
    private final P params;
    private final StageTask task;
    private final BooleanSupplier cancelled;
    private final AtomicInteger downloads = new AtomicInteger();
    public final Map<String, OutputFile> uploads = new ConcurrentHashMap<>();
    public final List<Double> progressReports = new CopyOnWriteArrayList<>();

    public LocalStageContext(Path root, Path sourceFile, String asset, P params, Map<String, String> metadata,
            BooleanSupplier cancelled) {
        this.bucket = root.resolve("bucket");
        this.scratch = root.resolve("scratch");
        this.params = params;
        this.cancelled = cancelled;
        String key = ObjectKeys.source(TENANT, asset);
        try {
            Files.createDirectories(scratch);
            Path t = bucket.resolve(key);
            Files.createDirectories(t.getParent());
            Files.copy(sourceFile, t, StandardCopyOption.REPLACE_EXISTING);
            ObjectRef source = new ObjectRef(BUCKET, key, Files.size(t), "video/mp4", "etag");
            this.task = new StageTask(StageTask.SCHEMA_VERSION, "job-" + asset, asset, TENANT, null, "subtitles", 1,
                    source, Map.of(), Map.of(), metadata, null, Instant.now());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores an object (e.g. a script) in the fake bucket. */
    public void put(String key, String content) {
        try {
            Path t = bucket.resolve(key);
            Files.createDirectories(t.getParent());
            Files.writeString(t, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An output of this stage. */
    public Path output(String name) {
        return bucket.resolve(ObjectKeys.stageOutput(TENANT, task.assetId(), task.stage(), name));
    }

    public String read(String name) {
        try {
            return Files.readString(output(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public StageTask task() {
        return task;
    }

    @Override
    public P parameters() {
        return params;
    }

    @Override
    public Path scratch() {
        return scratch;
    }

    @Override
    public void progress(double fraction) {
        progressReports.add(fraction);
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

    @Override
    public Mono<OutputFile> upload(String name, Path file, String contentType, Map<String, Object> attributes) {
        return Mono.fromCallable(() -> {
            String key = ObjectKeys.stageOutput(TENANT, task.assetId(), task.stage(), name);
            Path t = bucket.resolve(key);
            Files.createDirectories(t.getParent());
            Files.copy(file, t, StandardCopyOption.REPLACE_EXISTING);
            OutputFile o = new OutputFile(name, key, contentType, Files.size(t), attributes);
            uploads.put(name, o);
            return o;
        });
    }
}
