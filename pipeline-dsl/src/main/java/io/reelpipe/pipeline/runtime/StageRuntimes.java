package io.reelpipe.pipeline.runtime;

import io.reelpipe.pipeline.storage.ObjectStore;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** Every {@link StageRuntime} of a worker app, started and stopped together with the application context. */
public class StageRuntimes implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StageRuntimes.class);

    private final List<StageRuntime> runtimes;
    private final ObjectStore store;
    private final boolean enabled;
    private volatile boolean running;

    public StageRuntimes(List<StageRuntime> runtimes, ObjectStore store, boolean enabled) {
        this.runtimes = List.copyOf(runtimes);
        this.store = store;
        this.enabled = enabled;
    }

    public List<StageRuntime> runtimes() {
        return runtimes;
    }

    @Override
    public void start() {
        running = true;
        if (!enabled) {
            log.info("event=runtimes_disabled filters={} reason=reelpipe.runtime.enabled=false",
                    runtimes.stream().map(r -> r.filter().name()).toList());
            return;
        }
        store.ensureBucket().subscribe(v -> { }, e -> log.warn("event=ensure_bucket_failed bucket={} error=\"{}\"",
                store.bucket(), e.toString()));
        runtimes.forEach(StageRuntime::start);
    }

    @Override
    public void stop(Runnable callback) {
        running = false;
        Flux.fromIterable(runtimes).flatMap(StageRuntime::stopGracefully).then()
                .subscribeOn(Schedulers.boundedElastic())
                .doFinally(s -> callback.run())
                .subscribe(v -> { }, e -> log.warn("event=runtimes_stop_failed error=\"{}\"", e.toString()));
    }

    @Override
    public void stop() {
        running = false;
        Flux.fromIterable(runtimes).flatMap(StageRuntime::stopGracefully).then().block();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
