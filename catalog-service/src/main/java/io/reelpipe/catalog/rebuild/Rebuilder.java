package io.reelpipe.catalog.rebuild;

import io.reelpipe.catalog.index.CatalogWriter;
import io.reelpipe.pipeline.storage.ObjectStore;
import io.reelpipe.pipeline.wire.ObjectRef;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Rebuilds the index from object storage alone (the view is disposable): every asset that has an {@code asset.json}
 * or a stage {@code manifest.json} is re-read and indexed. Runs by itself when the index is missing or of an older
 * schema, and on demand ({@code POST /admin/catalog/rebuild}, {@code ./reelpipe catalog rebuild}). While it fills
 * the index, searches keep their last view; events keep being applied (they upsert from storage too), and an asset
 * deleted meanwhile is gone from storage, so it is not re-added.
 */
public final class Rebuilder {

    private static final Logger log = LoggerFactory.getLogger(Rebuilder.class);

    private final ObjectStore store;
    private final CatalogWriter writer;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Status last = new Status(false, null, null, 0, 0, null);

    public Rebuilder(ObjectStore store, CatalogWriter writer) {
        this.store = store;
        this.writer = writer;
    }

    /** The current or last rebuild. */
    public record Status(boolean running, Instant startedAt, Instant finishedAt, long assets, long failed,
                         String error) {
    }

    public Status status() {
        return last;
    }

    /** Starts a rebuild; empty when one is already running. */
    public Mono<Status> start() {
        if (!running.compareAndSet(false, true)) {
            return Mono.empty();
        }
        Instant started = Instant.now();
        last = new Status(true, started, null, 0, 0, null);
        run(started).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()).subscribe();
        return Mono.just(last);
    }

    /** Rebuilds and completes when done (tools, tests, the start-up rebuild). */
    public Mono<Status> runNow() {
        if (!running.compareAndSet(false, true)) {
            return Mono.error(new IllegalStateException("a rebuild is already running"));
        }
        Instant started = Instant.now();
        last = new Status(true, started, null, 0, 0, null);
        return run(started);
    }

    private Mono<Status> run(Instant started) {
        AtomicLong assets = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        log.info("event=rebuild_started");
        return Mono.fromRunnable(() -> {
                    writer.pauseRefresh(true);
                    writer.index().deleteAll();
                })
                .thenMany(store.list("").map(ObjectRef::key).handle((String key, reactor.core.publisher.SynchronousSink<String> sink) -> {
                    String[] p = key.split("/");
                    if ((p.length == 3 && p[2].equals("asset.json")) || (p.length == 4 && p[3].equals("manifest.json"))) {
                        sink.next(p[0] + "/" + p[1]);
                    }
                }))
                .distinct()
                .flatMap(a -> {
                    String[] p = a.split("/");
                    return writer.refreshAsset(p[0], p[1])
                            .doOnNext(present -> {
                                if (present) {
                                    assets.incrementAndGet();
                                }
                            })
                            .onErrorResume(e -> {
                                failed.incrementAndGet();
                                log.warn("event=rebuild_asset_failed asset={} error=\"{}\"", a, e.toString());
                                return Mono.empty();
                            });
                }, 8)
                .then(Mono.fromCallable(() -> {
                    writer.index().markRebuilt(Instant.now());
                    Status s = new Status(false, started, Instant.now(), assets.get(), failed.get(), null);
                    log.info("event=rebuild_finished assets={} failed={} ms={}", assets.get(), failed.get(),
                            Duration.between(started, s.finishedAt()).toMillis());
                    return s;
                }))
                .onErrorResume(e -> {
                    log.error("event=rebuild_failed error=\"{}\"", e.toString());
                    return Mono.just(new Status(false, started, Instant.now(), assets.get(), failed.get(),
                            e.toString()));
                })
                .doOnNext(s -> last = s)
                .doFinally(sig -> {
                    writer.pauseRefresh(false);
                    running.set(false);
                });
    }
}
