package io.reelpipe.pipeline.testing;

import io.reelpipe.pipeline.filter.StageContext;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.wire.ObjectRef;
import io.reelpipe.pipeline.wire.OutputFile;
import io.reelpipe.pipeline.wire.StageManifest;
import io.reelpipe.pipeline.wire.StageTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.DoublePredicate;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;

/**
 * A {@link StageContext} for filter unit tests (shipped in pipeline-dsl's test-jar): a local folder stands in for the
 * bucket (object key = relative path, so the source lies at {@link ObjectKeys#source} and outputs at
 * {@link ObjectKeys#stageOutput}), another for scratch. Records uploads and progress. {@code share}, {@code work} and
 * {@code readUrl} keep the interface defaults (local shared work, no URL).
 *
 * <pre>{@code
 * var ctx = LocalStageContext.builder("thumbnail", params).root(tmp).source(video).build();
 * filter.run(ctx).block();
 * Path poster = ctx.object("poster.jpg");
 * }</pre>
 */
public final class LocalStageContext<P> implements StageContext<P> {

    public static final String BUCKET = "reelpipe";

    private final Path bucket;
    private final Path scratch;
    private final P params;
    private final StageTask task;
    private final BooleanSupplier cancelled;
    private final DoublePredicate cancelWhenProgress;
    private final Predicate<String> failUploads;
    private final AtomicInteger downloads = new AtomicInteger();
    private final Map<String, OutputFile> uploads = new LinkedHashMap<>();
    private final List<Double> progress = new ArrayList<>();
    private double highest;
    private boolean decreased;
    private volatile boolean progressCancelled;

    private LocalStageContext(Builder<P> b) {
        this.bucket = b.bucket;
        this.scratch = b.scratch;
        this.params = b.params;
        this.cancelled = b.cancelled;
        this.cancelWhenProgress = b.cancelWhenProgress;
        this.failUploads = b.failUploads;
        String key = ObjectKeys.source(b.tenant, b.asset);
        try {
            Files.createDirectories(bucket);
            Files.createDirectories(scratch);
            Path local = bucket.resolve(key);
            if (b.sourceFile != null) {
                Files.createDirectories(local.getParent());
                Files.copy(b.sourceFile, local, StandardCopyOption.REPLACE_EXISTING);
            }
            ObjectRef source = Files.exists(local)
                    ? new ObjectRef(BUCKET, key, Files.size(local), "video/mp4", "etag-" + Files.size(local))
                    : new ObjectRef(BUCKET, key, -1, "video/mp4", null);
            this.task = new StageTask(StageTask.SCHEMA_VERSION, b.jobId != null ? b.jobId : "job-" + b.asset, b.asset,
                    b.tenant, null, b.stage, 1, source, b.upstream, b.media, b.metadata, null, Instant.now());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A context for {@code stage} (tenant {@code acme}, asset {@code asset-1} unless set). */
    public static <P> Builder<P> builder(String stage, P parameters) {
        return new Builder<>(stage, parameters);
    }

    /** The folder standing for the bucket. */
    public Path bucket() {
        return bucket;
    }

    /** The local path of this stage's object {@code {tenant}/{assetId}/{stage}/{relative}}. */
    public Path object(String relative) {
        return bucket.resolve(ObjectKeys.stageOutput(tenant(), assetId(), stage(), relative));
    }

    /** The content of this stage's object {@code relative}. */
    public String read(String relative) {
        return new String(readBytes(relative), java.nio.charset.StandardCharsets.UTF_8);
    }

    public byte[] readBytes(String relative) {
        try {
            return Files.readAllBytes(object(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores an object at {@code key} (any key: a script, an upstream stage's output). */
    public LocalStageContext<P> put(String key, String content) {
        return put(key, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public LocalStageContext<P> put(String key, byte[] content) {
        try {
            Path t = bucket.resolve(key);
            Files.createDirectories(t.getParent());
            Files.write(t, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The uploads so far by name, in upload order. */
    public synchronized Map<String, OutputFile> uploads() {
        return new LinkedHashMap<>(uploads);
    }

    /** Every progress value reported, in order. */
    public synchronized List<Double> progressReports() {
        return List.copyOf(progress);
    }

    /** The highest progress reported (0 before any). */
    public synchronized double highestProgress() {
        return highest;
    }

    /** Whether a report ever went below the highest one before it. */
    public synchronized boolean progressDecreased() {
        return decreased;
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
    public synchronized void progress(double fraction) {
        progress.add(fraction);
        if (fraction < highest - 1e-9) {
            decreased = true;
        }
        highest = Math.max(highest, fraction);
        if (cancelWhenProgress.test(fraction)) {
            progressCancelled = true;
        }
    }

    @Override
    public boolean cancelled() {
        return progressCancelled || cancelled.getAsBoolean();
    }

    /** Copies the object into {@code scratch/in}; a missing object fails with {@link NoSuchFileException}. */
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
    public Mono<Void> delete(String name) {
        return Mono.fromCallable(() -> Files.deleteIfExists(object(name))).then();
    }

    @Override
    public Mono<OutputFile> upload(String name, Path file, String contentType, Map<String, Object> attributes) {
        return Mono.fromCallable(() -> {
            if (failUploads.test(name)) {
                throw new IOException("storage unavailable (test) for " + name);
            }
            String key = ObjectKeys.stageOutput(tenant(), assetId(), stage(), name);
            Path t = bucket.resolve(key);
            Files.createDirectories(t.getParent());
            Files.copy(file, t, StandardCopyOption.REPLACE_EXISTING);
            OutputFile o = new OutputFile(name, key, contentType, Files.size(t), attributes);
            synchronized (this) {
                uploads.put(name, o);
            }
            return o;
        });
    }

    public static final class Builder<P> {
        private final String stage;
        private final P params;
        private Path bucket;
        private Path scratch;
        private Path sourceFile;
        private String tenant = "acme";
        private String asset = "asset-1";
        private String jobId;
        private Map<String, StageManifest> upstream = Map.of();
        private Map<String, Object> media = Map.of();
        private Map<String, String> metadata = Map.of();
        private BooleanSupplier cancelled = () -> false;
        private DoublePredicate cancelWhenProgress = p -> false;
        private Predicate<String> failUploads = name -> false;

        private Builder(String stage, P params) {
            this.stage = stage;
            this.params = params;
        }

        /** {@code dir/bucket} and {@code dir/scratch}. */
        public Builder<P> root(Path dir) {
            this.bucket = dir.resolve("bucket");
            this.scratch = dir.resolve("scratch");
            return this;
        }

        public Builder<P> bucket(Path dir) {
            this.bucket = dir;
            return this;
        }

        public Builder<P> scratch(Path dir) {
            this.scratch = dir;
            return this;
        }

        /** Copies {@code file} into the bucket as the asset's source (its {@link ObjectKeys#source} key). */
        public Builder<P> source(Path file) {
            this.sourceFile = file;
            return this;
        }

        public Builder<P> tenant(String tenant) {
            this.tenant = tenant;
            return this;
        }

        public Builder<P> asset(String asset) {
            this.asset = asset;
            return this;
        }

        /** Default {@code job-{asset}}. */
        public Builder<P> jobId(String jobId) {
            this.jobId = jobId;
            return this;
        }

        public Builder<P> upstream(Map<String, StageManifest> upstream) {
            this.upstream = upstream;
            return this;
        }

        public Builder<P> media(Map<String, Object> media) {
            this.media = media;
            return this;
        }

        public Builder<P> metadata(Map<String, String> metadata) {
            this.metadata = metadata;
            return this;
        }

        public Builder<P> cancelled(BooleanSupplier cancelled) {
            this.cancelled = cancelled;
            return this;
        }

        /** Cancelled from the first progress report matching {@code when} on. */
        public Builder<P> cancelWhenProgress(DoublePredicate when) {
            this.cancelWhenProgress = when;
            return this;
        }

        /** Uploads whose name matches fail with an IOException (a storage outage in the middle of a stage). */
        public Builder<P> failUploads(Predicate<String> names) {
            this.failUploads = names;
            return this;
        }

        public LocalStageContext<P> build() {
            if (bucket == null || scratch == null) {
                throw new IllegalStateException("set root(dir), or bucket(dir) and scratch(dir)");
            }
            return new LocalStageContext<>(this);
        }
    }
}
