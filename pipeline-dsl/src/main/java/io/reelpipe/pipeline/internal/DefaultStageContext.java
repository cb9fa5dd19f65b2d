package io.reelpipe.pipeline.internal;

import io.reelpipe.pipeline.bus.MessageBus;
import io.reelpipe.pipeline.filter.SharedWork;
import io.reelpipe.pipeline.filter.StageContext;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.storage.ObjectStore;
import io.reelpipe.pipeline.wire.ObjectRef;
import io.reelpipe.pipeline.wire.OutputFile;
import io.reelpipe.pipeline.wire.StageTask;
import io.reelpipe.pipeline.wire.TaskMessages;
import io.reelpipe.pipeline.wire.TaskPart;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The runtime's {@link StageContext}: progress is only recorded here (a ticker in {@link StageProcessor} writes it
 * to Redis at most once per progress interval); cancellation reads a flag the same ticker refreshes.
 */
final class DefaultStageContext<P> implements StageContext<P> {

    private static final Logger log = LoggerFactory.getLogger("io.reelpipe.pipeline.runtime.StageRuntime");

    private final StageTask task;
    private final P parameters;
    private final Path scratch;
    private final ObjectStore store;
    private final BooleanSupplier cancelled;
    /** Highest progress reported, as {@link Double#doubleToLongBits}. */
    private final AtomicLong progress = new AtomicLong(Double.doubleToLongBits(0));
    private final AtomicLong downloads = new AtomicLong();
    /** Null outside a Redis-backed runtime: shared work is then local. */
    private final MessageBus bus;
    private final RedisSharedWork leases;
    private final Retry infra;
    private final List<RedisSharedWork.Handle> handles = new CopyOnWriteArrayList<>();
    private SharedWork partWork;

    DefaultStageContext(StageTask task, P parameters, Path scratch, ObjectStore store, BooleanSupplier cancelled) {
        this(task, parameters, scratch, store, cancelled, null, null, Retry.max(0));
    }

    DefaultStageContext(StageTask task, P parameters, Path scratch, ObjectStore store, BooleanSupplier cancelled,
                        MessageBus bus, RedisSharedWork leases, Retry infra) {
        this.task = task;
        this.parameters = parameters;
        this.scratch = scratch;
        this.store = store;
        this.cancelled = cancelled;
        this.bus = bus;
        this.leases = leases;
        this.infra = infra;
    }

    @Override
    public Mono<SharedWork> share(String workId, List<String> parts, Map<String, Object> data) {
        if (task.part() != null) {
            return Mono.error(new IllegalStateException("a part task cannot offer parts of its own"));
        }
        if (leases == null || bus == null) {
            return Mono.just(SharedWork.local(workId));
        }
        RedisSharedWork.Handle h = leases.handle(task.jobId(), workId);
        handles.add(h);
        // parts a previous attempt (or its helpers) finished are not offered again
        return Flux.fromIterable(parts)
                .concatMap(p -> h.state(p).retryWhen(infra).filter(st -> !st.done()).map(st -> p))
                .concatMap(p -> bus.send(TaskMessages.part(task.withPart(new TaskPart(workId, p, data))))
                        .retryWhen(infra).thenReturn(p))
                .count()
                .doOnNext(n -> log.info("event=parts_offered jobId={} stage={} attempt={} work={} parts={} offered={}",
                        task.jobId(), task.stage(), task.attempt(), workId, parts.size(), n))
                .thenReturn(h);
    }

    @Override
    public synchronized SharedWork work() {
        TaskPart part = task.part();
        if (part == null) {
            return StageContext.super.work();
        }
        // one handle per part task: every call must see the same claims
        if (partWork == null) {
            if (leases == null) {
                partWork = SharedWork.local(part.workId());
            } else {
                RedisSharedWork.Handle h = leases.handle(task.jobId(), part.workId());
                handles.add(h);
                partWork = h;
            }
        }
        return partWork;
    }

    @Override
    public Mono<Void> delete(String name) {
        return Mono.defer(() -> store.delete(ObjectKeys.stageOutput(task.tenant(), task.assetId(), task.stage(), name)));
    }

    @Override
    public Mono<String> readUrl(ObjectRef object, Duration ttl) {
        return store.presignedGet(object.key(), ttl);
    }

    /** Gives back every part lease this task still holds (it ended without completing them). */
    Mono<Void> releaseLeases() {
        return Flux.fromIterable(handles).concatMap(RedisSharedWork.Handle::releaseAll).then()
                .onErrorResume(e -> {
                    // the leases lapse on their own
                    log.warn("event=part_release_failed jobId={} stage={} error=\"{}\"", task.jobId(), task.stage(),
                            StageProcessor.oneLine(e));
                    return Mono.empty();
                });
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
