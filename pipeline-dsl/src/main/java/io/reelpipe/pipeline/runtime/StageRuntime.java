package io.reelpipe.pipeline.runtime;

import io.reelpipe.pipeline.bus.MessageBus;
import io.reelpipe.pipeline.config.RuntimeProperties;
import io.reelpipe.pipeline.filter.Filter;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.micrometer.core.instrument.MeterRegistry;
import io.reelpipe.pipeline.internal.Heartbeat;
import io.reelpipe.pipeline.internal.PoolCounters;
import io.reelpipe.pipeline.internal.RuntimeMetrics;
import io.reelpipe.pipeline.status.RedisKeys;
import io.reelpipe.pipeline.wire.WireFormat;
import io.reelpipe.pipeline.internal.RedisJobStatusStore;
import io.reelpipe.pipeline.internal.StageProcessor;
import io.reelpipe.pipeline.status.RuntimeStatusStore;
import io.reelpipe.pipeline.storage.ObjectStore;
import io.reelpipe.pipeline.wire.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
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
    /**
     * Records taken beyond the free slots; they wait in the priority gate so a HIGH task fetched after them still takes
     * the next free slot. They come from this consumer's own partitions, so no other instance could take them anyway.
     */
    static final int LOOKAHEAD = StageProcessor.LOOKAHEAD;
    /** The most stage slots operators may give one instance. */
    public static final int MAX_CONCURRENCY = 256;

    private final Filter<?> filter;
    private final MessageBus bus;
    private final RuntimeStatusStore status;
    private final ObjectStore store;
    private final RuntimeProperties props;
    private final StageProcessor<?> processor;
    private final Heartbeat heartbeat;
    private final RedisReactiveCommands<String, String> redis;
    private volatile Disposable consumer;
    private volatile Disposable control;
    private volatile boolean running;
    private volatile String appliedControl = "";

    public <P> StageRuntime(Filter<P> filter, MessageBus bus, ObjectStore store, RuntimeStatusStore status,
                            RuntimeProperties props) {
        this(filter, bus, store, status, props, null, StageTracing.w3c());
    }

    /**
     * @param meters  where the runtime's meters go ({@link RuntimeMetrics}); null for none
     * @param tracing how stage runs join the upload's trace
     */
    public <P> StageRuntime(Filter<P> filter, MessageBus bus, ObjectStore store, RuntimeStatusStore status,
                            RuntimeProperties props, MeterRegistry meters, StageTracing tracing) {
        this.filter = filter;
        this.bus = bus;
        this.store = store;
        this.status = status;
        this.props = props;
        this.redis = status instanceof RedisJobStatusStore r ? r.commands() : null;
        this.processor = new StageProcessor<>(filter, bus, store, status, props,
                new RuntimeMetrics(meters, filter.name()), tracing == null ? StageTracing.w3c() : tracing,
                redis == null ? null : new PoolCounters(redis, filter.name()));
        this.heartbeat = redis != null ? new Heartbeat(redis, filter.name(), props, this::load) : null;
    }

    /** The consumer group of a filter's pool. */
    public static String group(String filterName) {
        return "reelpipe." + filterName;
    }

    /** The topics a runtime needs, with their partition counts. */
    public static Map<String, Integer> topics(String filterName) {
        Map<String, Integer> t = new LinkedHashMap<>();
        t.put(Topics.stage(filterName), Topics.TASK_PARTITIONS);
        t.put(Topics.stageHigh(filterName), Topics.TASK_PARTITIONS);
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

    /** Stage slots of this instance now (operators change it through {@code rp:pool:{filter}:concurrency}). */
    public int concurrency() {
        return processor.concurrency();
    }

    /** Changes this instance's stage slots at once (the control loop does it from Redis). */
    public void setConcurrency(int n) {
        int c = Math.max(1, Math.min(MAX_CONCURRENCY, n));
        if (c != processor.concurrency()) {
            log.info("event=concurrency_changed filter={} from={} to={} instance={}", filter.name(),
                    processor.concurrency(), c, props.instanceId());
            processor.setConcurrency(c);
        }
    }

    /** True while the pool is paused: no new stage starts, running ones finish. */
    public boolean paused() {
        return processor.paused();
    }

    public void pause() {
        if (!processor.paused()) {
            log.info("event=pool_paused filter={} instance={} inFlight={}", filter.name(), props.instanceId(),
                    processor.inFlight());
            processor.pause();
        }
    }

    public void resume() {
        if (processor.paused()) {
            log.info("event=pool_resumed filter={} instance={}", filter.name(), props.instanceId());
            processor.resume();
        }
    }

    /** The stages this instance runs now (jobId, stage, attempt, progress, startedAt). */
    public List<Map<String, Object>> runningTasks() {
        return processor.runningTasks();
    }

    /** Reads the pool's operator settings from Redis and applies them (absent keys: the configured values). */
    Mono<Void> applyControl() {
        if (redis == null) {
            return Mono.empty();
        }
        String name = filter.name();
        return redis.mget(RedisKeys.poolConcurrency(name), RedisKeys.poolPaused(name)).collectList().doOnNext(kv -> {
            String c = kv.get(0).getValueOrElse(null);
            String p = kv.get(1).getValueOrElse(null);
            String seen = c + "|" + p;
            int want = props.concurrency();
            if (c != null) {
                try {
                    want = Integer.parseInt(c.strip());
                } catch (NumberFormatException e) {
                    if (!seen.equals(appliedControl)) {
                        log.warn("event=bad_pool_concurrency filter={} value=\"{}\"", name, c);
                    }
                }
            }
            appliedControl = seen;
            setConcurrency(want);
            if ("1".equals(p) || "true".equalsIgnoreCase(p)) {
                pause();
            } else {
                resume();
            }
        }).then();
    }

    private Map<String, String> load() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("concurrency", Integer.toString(processor.concurrency()));
        m.put("paused", Boolean.toString(processor.paused()));
        m.put("waiting", Integer.toString(processor.waiting()));
        m.put("tasks", WireFormat.writeString(processor.runningTasks()));
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
        // a new instance of a paused pool starts paused: the pool's settings are read before the first record
        consumer = bus.ensureTopics(topics(filter.name()))
                .then(status.registerFilter(FilterRegistry.descriptor(filter)))
                .then(applyControl())
                .retryWhen(forever)
                .thenMany(bus.receive(List.of(topic, Topics.stageHigh(filter.name())), group(filter.name()))
                        // admission: at most slots + look-ahead records held, none while paused (the receiver's
                        // back-pressure then pauses the Kafka fetches; what was fetched stays unacknowledged)
                        .concatMap(msg -> processor.admit().thenReturn(msg), 1)
                        .flatMap(msg -> processor.handle(msg).onErrorResume(e -> {
                            log.error("event=record_error filter={} partition={} offset={} error=\"{}\"", filter.name(),
                                    msg.partition(), msg.offset(), e.toString(), e);
                            return Mono.empty();
                        }).doFinally(s -> processor.leave()), MAX_CONCURRENCY + LOOKAHEAD)
                        .retryWhen(forever))
                .subscribe(v -> { }, e -> log.error("event=consumer_stopped filter={} error=\"{}\"", filter.name(), e.toString()));
        if (heartbeat != null) {
            heartbeat.start();
        }
        if (redis != null) {
            control = PeriodicTask.every(props.controlInterval(), props.controlInterval(), i -> applyControl(),
                    e -> log.warn("event=pool_control_failed filter={} error=\"{}\"", filter.name(), e.toString()));
        }
    }

    private void stopControl() {
        Disposable c = control;
        if (c != null) {
            c.dispose();
            control = null;
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
        stopControl();
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
                .then(Mono.fromRunnable(processor::close))
                .then(heartbeat == null ? Mono.empty() : heartbeat.stop())
                .doOnSuccess(v -> log.info("event=runtime_stopped filter={} durationMs={}", filter.name(),
                        Duration.ofNanos(System.nanoTime() - t0).toMillis()));
    }

    /**
     * Stops as a killed process would: the consumer closes without acknowledging what runs, the heartbeat stops being
     * refreshed (and is removed, as if its TTL had run out), running stages are abandoned and write nothing more.
     * For tests and chaos drills.
     */
    public void halt() {
        synchronized (this) {
            running = false;
        }
        log.warn("event=runtime_halted filter={} inFlight={}", filter.name(), processor.inFlight());
        stopControl();
        processor.beginShutdown();
        processor.forceStop();
        processor.close(); // its part leases lapse as a dead worker's would
        Disposable c = consumer;
        if (c != null) {
            c.dispose();
        }
        if (heartbeat != null) {
            heartbeat.stop().block(Duration.ofSeconds(5));
        }
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
