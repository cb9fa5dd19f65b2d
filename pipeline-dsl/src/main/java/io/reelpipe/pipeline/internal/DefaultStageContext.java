package io.reelpipe.pipeline.internal;

import io.reelpipe.pipeline.filter.StageContext;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.storage.ObjectStore;
import io.reelpipe.pipeline.wire.ObjectRef;
import io.reelpipe.pipeline.wire.OutputFile;
import io.reelpipe.pipeline.wire.StageTask;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Mono;

/**
 * The runtime's {@link StageContext}: progress is only recorded here (a ticker in {@link StageProcessor} writes it
 * to Redis at most once per progress interval); cancellation reads a flag the same ticker refreshes.
 */
final class DefaultStageContext<P> implements StageContext<P> {

    private final StageTask task;
    private final P parameters;
    private final Path scratch;
    private final ObjectStore store;
    private final BooleanSupplier cancelled;
    /** Highest progress reported, as {@link Double#doubleToLongBits}. */
    private final AtomicLong progress = new AtomicLong(Double.doubleToLongBits(0));
    private final AtomicLong downloads = new AtomicLong();

    DefaultStageContext(StageTask task, P parameters, Path scratch, ObjectStore store, BooleanSupplier cancelled) {
        this.task = task;
        this.parameters = parameters;
        this.scratch = scratch;
        this.store = store;
        this.cancelled = cancelled;
    }

    @Override
    public StageTask task() {
        return task;
    }

    @Override
    public P parameters() {
        return parameters;
    }

    @Override
    public Path scratch() {
        return scratch;
    }

    @Override
    public void progress(double fraction) {
        if (Double.isNaN(fraction)) {
            return;
        }
        double f = Math.max(0, Math.min(1, fraction));
        progress.accumulateAndGet(Double.doubleToLongBits(f),
                (cur, next) -> Double.longBitsToDouble(next) > Double.longBitsToDouble(cur) ? next : cur);
    }

    double reportedProgress() {
        return Double.longBitsToDouble(progress.get());
    }

    @Override
    public boolean cancelled() {
        return cancelled.getAsBoolean();
    }

    @Override
    public Mono<Path> download(ObjectRef object) {
        return Mono.defer(() -> {
            String key = object.key();
            String last = key.substring(key.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
            if (last.isEmpty() || last.startsWith(".")) {
                last = "object" + last;
            }
            Path target = scratch.resolve("in").resolve(downloads.incrementAndGet() + "-" + last);
            return store.download(key, target);
        });
    }

    @Override
    public Mono<OutputFile> upload(String name, Path file, String contentType, Map<String, Object> attributes) {
        return Mono.defer(() -> {
            String key = ObjectKeys.stageOutput(task.tenant(), task.assetId(), task.stage(), name);
            return store.putFile(key, file, contentType)
                    .map(ref -> new OutputFile(name, key, contentType, ref.size(), attributes));
        });
    }
}
