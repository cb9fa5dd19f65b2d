package io.reelpipe.pipeline.runtime;

import io.reelpipe.pipeline.bus.MessageBus;
import io.reelpipe.pipeline.config.RuntimeProperties;
import io.reelpipe.pipeline.filter.Filter;
import io.reelpipe.pipeline.internal.Heartbeat;
import io.reelpipe.pipeline.internal.RedisJobStatusStore;
import io.reelpipe.pipeline.internal.StageProcessor;
import io.reelpipe.pipeline.status.RuntimeStatusStore;
import io.reelpipe.pipeline.storage.ObjectStore;
import io.reelpipe.pipeline.wire.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Runs one {@link Filter}: consumes {@code reelpipe.stage.<filter>} in consumer group {@code reelpipe.<filter>}
 * (KEDA scales on that name) with at most {@code reelpipe.runtime.concurrency} stages at once, keeps a heartbeat
 * in Redis, and stops gracefully: no new records, in-flight stages get the grace period, then the consumer closes.
 */
public class StageRuntime implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StageRuntime.class);

    private final Filter<?> filter;
    private final MessageBus bus;
    private final RuntimeStatusStore status;
    private final ObjectStore store;
    private final RuntimeProperties props;
    private final StageProcessor<?> processor;
    private final Heartbeat heartbeat;
    private volatile Disposable consumer;
    private volatile boolean running;

    public <P> StageRuntime(Filter<P> filter, MessageBus bus, ObjectStore store, RuntimeStatusStore status,
                            RuntimeProperties props) {
        this.filter = filter;
        this.bus = bus;
        this.store = store;
        this.status = status;
        this.props = props;
        this.processor = new StageProcessor<>(filter, bus, store, status, props);
        this.heartbeat = status instanceof RedisJobStatusStore r
                ? new Heartbeat(r.commands(), filter.name(), props, this::load) : null;
    }

    /** The consumer group of a filter's pool. */
    public static String group(String filterName) {
        return "reelpipe." + filterName;
    }

    /** The topics a runtime needs, with their partition counts. */
    public static Map<String, Integer> topics(String filterName) {
        Map<String, Integer> t = new LinkedHashMap<>();
        t.put(Topics.stage(filterName), Topics.TASK_PARTITIONS);
        t.put(Topics.EVENTS, Topics.TASK_PARTITIONS);
        t.put(Topics.DLQ, 3);
        return t;
    }

    public Filter<?> filter() {
        return filter;
    }

    public int inFlight() {
        return processor.inFlight();
    }

    public long processed() {
        return processor.processed();
    }

    public long failed() {
        return processor.failed();
    }

    private Map<String, String> load() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("inFlight", Integer.toString(processor.inFlight()));
        m.put("processed", Long.toString(processor.processed()));
        m.put("failed", Long.toString(processor.failed()));
        return m;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        String topic = Topics.stage(filter.name());
        log.info("event=runtime_starting filter={} topic={} group={} concurrency={} instance={}", filter.name(), topic,
                group(filter.name()), props.concurrency(), props.instanceId());
        Retry forever = Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
                .doBeforeRetry(s -> log.warn("event=consumer_restart filter={} error=\"{}\"", filter.name(),
                        s.failure().toString()));
        consumer = bus.ensureTopics(topics(filter.name()))
                .then(status.registerFilter(FilterRegistry.descriptor(filter)))
                .retryWhen(forever)
                .thenMany(bus.receive(topic, group(filter.name()))
                        .flatMap(msg -> processor.handle(msg).onErrorResume(e -> {
                            log.error("event=record_error filter={} partition={} offset={} error=\"{}\"", filter.name(),
                                    msg.partition(), msg.offset(), e.toString(), e);
                            return Mono.empty();
                        }), props.concurrency())
                        .retryWhen(forever))
                .subscribe(v -> { }, e -> log.error("event=consumer_stopped filter={} error=\"{}\"", filter.name(), e.toString()));
        if (heartbeat != null) {
            heartbeat.start();
        }
    }

    @Override
    public void stop() {
        stopGracefully().block(props.shutdownGrace().plusSeconds(10));
    }

    @Override
    public void stop(Runnable callback) {
        stopGracefully().subscribeOn(Schedulers.boundedElastic())
                .doFinally(s -> callback.run())
                .subscribe(v -> { }, e -> log.warn("event=runtime_stop_failed filter={} error=\"{}\"", filter.name(), e.toString()));
    }

    /** Stops taking records, waits up to the grace period for in-flight stages, then closes the consumer. */
    public Mono<Void> stopGracefully() {
        synchronized (this) {
            if (!running) {
                return Mono.empty();
            }
            running = false;
        }
        long t0 = System.nanoTime();
        log.info("event=runtime_stopping filter={} inFlight={}", filter.name(), processor.inFlight());
        processor.beginShutdown();
        return Mono.defer(() -> processor.inFlight() == 0 ? Mono.just(true) : Mono.error(new IllegalStateException()))
                .retryWhen(Retry.fixedDelay(Long.MAX_VALUE, Duration.ofMillis(50)))
                .timeout(props.shutdownGrace(), Mono.fromRunnable(() -> {
                    log.warn("event=runtime_grace_elapsed filter={} abandoned={}", filter.name(), processor.inFlight());
                    processor.forceStop();
                }).thenReturn(false))
                .then(Mono.delay(Duration.ofMillis(100)))
                .then(Mono.fromRunnable(() -> {
                    Disposable c = consumer;
                    if (c != null) {
                        c.dispose();
                    }
                }))
                .then(heartbeat == null ? Mono.empty() : heartbeat.stop())
                .doOnSuccess(v -> log.info("event=runtime_stopped filter={} durationMs={}", filter.name(),
                        Duration.ofNanos(System.nanoTime() - t0).toMillis()));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the beans it uses (bus, stores) are closed. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    /** The store this runtime reads (for tools and tests). */
    public ObjectStore objectStore() {
        return store;
    }
}
