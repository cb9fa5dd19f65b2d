package io.reelpipe.pipeline.internal;

import io.reelpipe.pipeline.bus.MessageBus;
import io.reelpipe.pipeline.bus.ReceivedMessage;
import io.reelpipe.pipeline.config.RuntimeProperties;
import io.reelpipe.pipeline.filter.Filter;
import io.reelpipe.pipeline.filter.PermanentStageException;
import io.reelpipe.pipeline.filter.StageCancelledException;
import io.reelpipe.pipeline.filter.StageResult;
import io.reelpipe.pipeline.model.StageDefinition;
import io.reelpipe.pipeline.runtime.PeriodicTask;
import io.reelpipe.pipeline.runtime.StageTracing;
import io.reelpipe.pipeline.status.CompletionDecision;
import io.reelpipe.pipeline.status.FailureDecision;
import io.reelpipe.pipeline.status.RuntimeStatusStore;
import io.reelpipe.pipeline.status.StageStatus;
import io.reelpipe.pipeline.status.StartDecision;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.storage.ObjectStore;
import io.reelpipe.pipeline.wire.Headers;
import io.reelpipe.pipeline.wire.JobState;
import io.reelpipe.pipeline.wire.StageEvent;
import io.reelpipe.pipeline.wire.StageManifest;
import io.reelpipe.pipeline.wire.StageState;
import io.reelpipe.pipeline.wire.StageTask;
import io.reelpipe.pipeline.wire.TaskMessages;
import io.reelpipe.pipeline.wire.Topics;
import io.reelpipe.pipeline.wire.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Runs one filter's tasks: everything the stage runtime does for one record, from decoding to the acknowledgement.
 * Each step after the filter ran is idempotent and retried on infrastructure errors, so a hiccup of Redis, Kafka or
 * storage never re-runs the filter; a redelivered task for a completed stage only re-publishes what may be missing.
 */
public final class StageProcessor<P> {

    private static final Logger log = LoggerFactory.getLogger("io.reelpipe.pipeline.runtime.StageRuntime");

    private final Filter<P> filter;
    private final MessageBus bus;
    private final ObjectStore store;
    private final RuntimeStatusStore status;
    private final RuntimeProperties props;
    private final Retry infra;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean shuttingDown;
    private final Sinks.Empty<Void> stopSignal = Sinks.empty();
    private final Sinks.Empty<Void> forceStop = Sinks.empty();
    private final Disposable.Composite pending = Disposables.composite();
    private final PriorityGate gate;
    private final RuntimeMetrics metrics;
    private final StageTracing tracing;
    private final PoolCounters counters;
    private final Map<String, RunningTask> running = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * StageStarted sends still in flight, by {@code jobId \t stage \t attempt}: the filter does not wait for them, only
     * the same attempt's later events do (so Kafka keeps their order on the job's partition).
     */
    private final Map<String, Mono<Void>> startedEvents = new java.util.concurrent.ConcurrentHashMap<>();
    /** Part leases of shared work; null when the status store is not Redis (shared work is then local). */
    private final RedisSharedWork sharedWork;

    /**
     * Records taken beyond the free slots; they wait in the priority gate so a HIGH task fetched after them still takes
     * the next free slot. They come from this consumer's own partitions, so no other instance could take them anyway.
     */
    public static final int LOOKAHEAD = 8;

    public StageProcessor(Filter<P> filter, MessageBus bus, ObjectStore store, RuntimeStatusStore status,
                          RuntimeProperties props) {
        this(filter, bus, store, status, props, RuntimeMetrics.none(filter.name()), StageTracing.w3c(),
                status instanceof RedisJobStatusStore r ? new PoolCounters(r.commands(), filter.name()) : null);
    }

    public StageProcessor(Filter<P> filter, MessageBus bus, ObjectStore store, RuntimeStatusStore status,
                          RuntimeProperties props, RuntimeMetrics metrics, StageTracing tracing, PoolCounters counters) {
        this.filter = filter;
        this.bus = bus;
        this.metrics = metrics;
        this.tracing = tracing;
        this.counters = counters;
        this.store = new MeteredObjectStore(store, metrics);
        this.status = status;
        this.props = props;
        this.gate = new PriorityGate(props.concurrency(), LOOKAHEAD);
        StageLogContext.install();
        this.sharedWork = status instanceof RedisJobStatusStore r
                ? new RedisSharedWork(r.commands(), props.instanceId(), props.partLease(), props.jobRetention()) : null;
        metrics.gauge("reelpipe.stage.inflight", "stages running or waiting for a slot in this instance", inFlight::get);
        metrics.gauge("reelpipe.stage.waiting", "records waiting for a free slot", this::waiting);
        metrics.gauge("reelpipe.pool.concurrency", "this instance's stage slots", gate::slots);
        metrics.gauge("reelpipe.pool.paused", "1 while the pool is paused", () -> gate.paused() ? 1 : 0);
        this.infra = Retry.backoff(20, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(30))
                .filter(e -> !(e instanceof Abandoned))
                .doBeforeRetry(s -> log.warn("event=infra_retry filter={} attempt={} error=\"{}\"", filter.name(),
                        s.totalRetries() + 1, oneLine(s.failure())));
    }

    public int inFlight() {
        return inFlight.get();
    }

    public long processed() {
        return processed.get();
    }

    public long failed() {
        return failed.get();
    }

    /** The number of stage slots now. */
    public int concurrency() {
        return gate.slots();
    }

    /** Changes the number of stage slots live: more start waiting records at once, fewer apply as stages end. */
    public void setConcurrency(int n) {
        gate.setSlots(n);
    }

    /** Starts no stage and takes no record until {@link #resume()}; running stages finish. */
    public void pause() {
        gate.pause();
    }

    public void resume() {
        gate.resume();
    }

    public boolean paused() {
        return gate.paused();
    }

    /** Completes when one more record may be taken from the consumer (slots + look-ahead, not paused). */
    public Mono<Void> admit() {
        return gate.admit();
    }

    /** A record taken after {@link #admit()} is done with. */
    public void leave() {
        gate.leave();
    }

    /** The stages running now: jobId, stage, attempt, progress, startedAt. */
    public List<Map<String, Object>> runningTasks() {
        List<Map<String, Object>> out = new ArrayList<>();
        running.values().stream().sorted(Comparator.comparing(RunningTask::startedAt)).forEach(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("jobId", t.jobId());
            m.put("stage", t.stage());
            m.put("attempt", t.attempt());
            m.put("progress", Math.round(t.ctx().reportedProgress() * 1000) / 1000.0);
            m.put("startedAt", t.startedAt().toString());
            out.add(m);
        });
        return out;
    }

    private record RunningTask(String jobId, String stage, int attempt, Instant startedAt, DefaultStageContext<?> ctx) {
    }

    /** Stops taking records; scheduled retries are sent at once; cooperative filters see {@code cancelled()}. */
    public void beginShutdown() {
        shuttingDown = true;
        stopSignal.tryEmitEmpty();
        gate.close(Abandoned::new);
    }

    /** Records waiting for a free slot (the priority look-ahead). */
    public int waiting() {
        return gate.waiting();
    }

    /** After the grace period: abandons what still runs (not acknowledged, so another instance gets it). */
    public void forceStop() {
        forceStop.tryEmitEmpty();
        pending.dispose();
    }

    /** Stops renewing part leases (after the last stage ended): what is still held lapses. */
    public void close() {
        if (sharedWork != null) {
            sharedWork.close();
        }
    }

    /** Handles one record; completes when it is acknowledged, left for redelivery, or handed to a delayed retry. */
    public Mono<Void> handle(ReceivedMessage msg) {
        if (shuttingDown) {
            return Mono.empty();
        }
        return Mono.defer(() -> {
            inFlight.incrementAndGet();
            StageTask task;
            try {
                task = WireFormat.readTask(msg.value());
                StageDefinition def = task.pipeline().requireStage(task.stage());
                if (!def.filter().equals(filter.name())) {
                    throw new IllegalArgumentException("stage " + task.stage() + " runs filter '" + def.filter()
                            + "', not '" + filter.name() + "'");
                }
            } catch (RuntimeException e) {
                log.error("event=task_undecodable filter={} topic={} partition={} offset={} error=\"{}\"", filter.name(),
                        msg.topic(), msg.partition(), msg.offset(), oneLine(e));
                Map<String, String> h = new LinkedHashMap<>(msg.headers());
                h.put(Headers.ERROR, "undecodable task: " + oneLine(e));
                h.put(Headers.ERROR_TYPE, "undecodable");
                h.put(Headers.ATTEMPTS, "0");
                h.put(Headers.ORIGINAL_TOPIC, msg.topic());
                return bus.send(Topics.DLQ, msg.key(), msg.value(), h).retryWhen(infra).then(Mono.fromRunnable(msg::ack));
            }
            StageDefinition.Priority priority = task.pipeline().requireStage(task.stage()).effectivePriority();
            boolean part = task.part() != null;
            return gate.acquire(priority)
                    .flatMap(permit -> (part ? processPart(task) : process(task, msg)).doFinally(s -> permit.release()))
                    .onErrorResume(Abandoned.class, e -> Mono.just(false))
                    .onErrorResume(e -> runtimeError(task, msg, e))
                    .doOnNext(ack -> {
                        if (ack) {
                            msg.ack();
                        }
                    })
                    .then();
        }).doFinally(s -> inFlight.decrementAndGet());
    }

    /** The infrastructure stayed broken through every retry: park the task in the DLQ rather than lose it. */
    private Mono<Boolean> runtimeError(StageTask task, ReceivedMessage msg, Throwable e) {
        log.error("event=runtime_error jobId={} stage={} attempt={} error=\"{}\"", task.jobId(), task.stage(),
                task.attempt(), oneLine(e), e);
        return bus.send(Topics.DLQ, task.jobId(), msg.value(), dlqHeaders(task, "runtime error: " + oneLine(e),
                        e.getClass().getName()))
                .thenReturn(true)
                .onErrorResume(e2 -> {
                    log.error("event=dlq_failed jobId={} stage={} error=\"{}\"", task.jobId(), task.stage(), oneLine(e2));
                    return Mono.just(false);
                });
    }

    private Mono<Boolean> process(StageTask task, ReceivedMessage msg) {
        StageDefinition def = task.pipeline().requireStage(task.stage());
        return status.stageStatus(task.jobId(), task.stage()).retryWhen(infra).flatMap(opt -> {
            if (opt.isPresent()) {
                StageStatus st = opt.get();
                if (st.stageState() == StageState.COMPLETED) {
                    return replay(task, st);
                }
                if (st.jobState().terminal()) {
                    log.info("event=task_dropped jobId={} stage={} attempt={} reason=terminal jobState={} stageState={}",
                            task.jobId(), task.stage(), task.attempt(), st.jobState(), st.stageState());
                    return Mono.just(true);
                }
            }
            Boolean runs = null;
            if (def.when() != null) {
                try {
                    runs = def.runsFor(task.media());
                } catch (RuntimeException e) {
                    Mono<Void> create = opt.isPresent() ? Mono.empty() : createJob(task);
                    return create.then(finalFailure(task, new PermanentStageException("invalid condition '" + def.when()
                            + "': " + e.getMessage())));
                }
            }
            if (Boolean.FALSE.equals(runs)) {
                Mono<Void> create = opt.isPresent() ? Mono.empty() : createJob(task);
                return create.then(conditionSkip(task, def, opt.map(StageStatus::published).orElse(false)));
            }
            if (opt.isPresent()) {
                StageStatus st = opt.get();
                if (st.stageState() != null && st.stageState().terminal()) {
                    log.info("event=task_dropped jobId={} stage={} attempt={} reason=terminal jobState={} stageState={}",
                            task.jobId(), task.stage(), task.attempt(), st.jobState(), st.stageState());
                    return Mono.just(true);
                }
                if (st.attempt() > task.attempt()) {
                    log.info("event=task_dropped jobId={} stage={} attempt={} reason=stale recordedAttempt={}",
                            task.jobId(), task.stage(), task.attempt(), st.attempt());
                    return Mono.just(true);
                }
            }
            int base = opt.map(StageStatus::attemptBase).orElse(0);
            P params;
            try {
                params = ParameterBinder.bind(filter.name(), def.with(), filter.parametersType());
            } catch (PermanentStageException e) {
                Mono<Void> create = opt.isPresent() ? Mono.empty() : createJob(task);
                return create.then(finalFailure(task, e));
            }
            return start(task, false).flatMap(d -> switch (d) {
                case STARTED -> run(task, params, msg, base);
                case STAGE_COMPLETED -> status.stageStatus(task.jobId(), task.stage()).retryWhen(infra)
                        .flatMap(s -> s.isPresent() ? replay(task, s.get()) : Mono.just(true));
                default -> {
                    log.info("event=task_dropped jobId={} stage={} attempt={} reason={}", task.jobId(), task.stage(),
                            task.attempt(), d.name().toLowerCase());
                    yield Mono.just(true);
                }
            });
        });
    }

    /** The stage's {@code when} is false for this media: SKIPPED without running, successors dispatched as on success. */
    private Mono<Boolean> conditionSkip(StageTask task, StageDefinition def, boolean published) {
        String reason = "condition is false: " + def.when();
        List<String> candidates = task.pipeline().successorsOf(task.stage()).stream().map(StageDefinition::name).toList();
        return status.skipByCondition(task.jobId(), task.stage(), task.attempt(), reason, candidates).retryWhen(infra)
                .flatMap(d -> {
                    if (d.rejected()) {
                        log.info("event=task_dropped jobId={} stage={} attempt={} reason=stage_already_terminal",
                                task.jobId(), task.stage(), task.attempt());
                        return Mono.just(true);
                    }
                    log.info("event=stage_skipped jobId={} stage={} filter={} reason=\"{}\" successors={}", task.jobId(),
                            task.stage(), filter.name(), reason, d.successors());
                    Mono<Void> event = published && !d.newlyCompleted() ? Mono.empty()
                            : publish(new StageEvent.StageSkipped(StageEvent.SCHEMA_VERSION, task.jobId(), task.stage(),
                                    reason, true, d.run(), Instant.now()), task)
                            .then(status.markPublished(task.jobId(), task.stage()).retryWhen(infra));
                    return dispatch(task, d)
                            .then(event)
                            .then(d.jobDecision().map(j -> publishJobEnd(task, j, d.jobError(), d.run())).orElse(Mono.empty()))
                            .thenReturn(true);
                });
    }

    private Mono<StartDecision> start(StageTask task, boolean created) {
        String taskJson = WireFormat.writeString(task);
        String template = WireFormat.writeString(task.forStage(task.stage(), Map.of()));
        return status.markRunning(task.jobId(), task.stage(), task.attempt(), props.instanceId(), taskJson, template)
                .retryWhen(infra)
                .flatMap(d -> d == StartDecision.UNKNOWN_JOB && !created
                        ? createJob(task).then(start(task, true)) : Mono.just(d));
    }

    private Mono<Void> createJob(StageTask task) {
        log.info("event=job_created_by_worker jobId={} stage={}", task.jobId(), task.stage());
        return status.createJob(task.jobId(), task.assetId(), task.tenant(), task.pipeline()).retryWhen(infra);
    }

    // ---- running the filter ----

    private Mono<Boolean> run(StageTask received, P params, ReceivedMessage msg, int attemptBase) {
        StageTracing.Span span = tracing.start(received, filter.name(), props.instanceId());
        // everything this run sends on (events, successors, retries, DLQ) continues the stage's span
        StageTask task = received.withTraceparent(span.traceparent());
        StageDefinition def = task.pipeline().requireStage(task.stage());
        Duration timeout = def.timeout() != null ? def.timeout() : props.stageTimeout();
        Path scratch = props.scratchDir().resolve(safe(task.jobId())).resolve(task.stage())
                .resolve("attempt-" + task.attempt());
        AtomicBoolean jobCancelled = new AtomicBoolean();
        Sinks.Empty<Void> cancelSignal = Sinks.empty();
        DefaultStageContext<P> ctx = new DefaultStageContext<>(task, params, scratch, store,
                () -> shuttingDown || jobCancelled.get(), bus, sharedWork, infra);
        long started = System.nanoTime();
        String runKey = task.jobId() + "\t" + task.stage() + "\t" + task.attempt();
        running.put(runKey, new RunningTask(task.jobId(), task.stage(), task.attempt(), Instant.now(), ctx));
        log.info("event=stage_started jobId={} stage={} filter={} attempt={} worker={}", task.jobId(), task.stage(),
                filter.name(), task.attempt(), props.instanceId());

        // the scratch directory is made on the filter's own bounded-elastic thread: no extra hop for it
        Mono<Outcome> work = Mono.fromCallable(() -> Files.createDirectories(scratch))
                .then(StageLogContext.around(task, () -> filter.run(ctx)))
                .subscribeOn(Schedulers.boundedElastic())
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("filter " + filter.name() + " returned no result")))
                .timeout(timeout, Mono.error(() -> new TimeoutException("stage ran longer than " + timeout)))
                .map(Outcome::ok);
        Mono<Outcome> cancelled = cancelSignal.asMono()
                .then(Mono.fromSupplier(() -> Outcome.failed(new StageCancelledException(task.jobId(), task.stage()))));
        Mono<Outcome> forced = forceStop.asMono().then(Mono.fromSupplier(() -> Outcome.failed(new Abandoned())));

        // StageStarted goes out while the filter already runs: only this attempt's later events wait for it (they are
        // sent after it by the same producer to the same partition, so Kafka keeps their order)
        Mono<Void> startedEvent = send(new StageEvent.StageStarted(StageEvent.SCHEMA_VERSION, task.jobId(),
                task.stage(), filter.name(), task.attempt(), props.instanceId(), Instant.now()), task)
                .onErrorResume(e -> {
                    log.warn("event=stage_started_unpublished jobId={} stage={} attempt={} error=\"{}\"", task.jobId(),
                            task.stage(), task.attempt(), oneLine(e));
                    return Mono.empty();
                })
                .cache();
        startedEvents.put(runKey, startedEvent);
        startedEvent.subscribe();
        return Mono.defer(() -> {
                    Disposable ticker = ticker(task, ctx, jobCancelled, cancelSignal);
                    return Mono.firstWithSignal(work, cancelled, forced)
                            .onErrorResume(e -> Mono.just(Outcome.failed(e)))
                            .flatMap(o -> ctx.releaseLeases().thenReturn(o))
                            .doFinally(s -> {
                                ticker.dispose();
                                deleteRecursively(scratch);
                            });
                })
                .onErrorResume(e -> Mono.just(Outcome.failed(e)))
                .flatMap(o -> {
                    long nanos = System.nanoTime() - started;
                    long ms = Duration.ofNanos(nanos).toMillis();
                    running.remove(runKey);
                    String outcome = outcome(task, o.error, jobCancelled.get(), attemptBase);
                    metrics.attempt(outcome, nanos);
                    span.end(outcome, o.error);
                    return o.error == null ? succeeded(task, o.result, ms)
                            : failedAttempt(task, o.error, msg, jobCancelled.get(), ms, attemptBase);
                })
                .doFinally(s -> {
                    running.remove(runKey);
                    startedEvents.remove(runKey);
                });
    }

    // ---- parts of shared work ----

    /**
     * A part another instance's stage offered ({@link io.reelpipe.pipeline.filter.SharedWork}): run only while that
     * stage attempt is still RUNNING; never retried, never a stage event. Acknowledged however it ends, except when
     * this worker stops under it (then the record goes to the next owner of the partition).
     */
    private Mono<Boolean> processPart(StageTask task) {
        var part = task.part();
        return status.stageStatus(task.jobId(), task.stage()).retryWhen(infra).flatMap(opt -> {
            String why = opt.isEmpty() ? "unknown_job"
                    : opt.get().jobState() != null && opt.get().jobState().terminal() ? "job_" + opt.get().jobState()
                    : opt.get().stageState() != StageState.RUNNING ? "stage_" + opt.get().stageState()
                    : opt.get().attempt() != task.attempt() ? "attempt_" + opt.get().attempt() : null;
            if (why != null) {
                log.info("event=part_dropped jobId={} stage={} attempt={} work={} part={} reason={}", task.jobId(),
                        task.stage(), task.attempt(), part.workId(), part.name(), why.toLowerCase());
                return Mono.just(true);
            }
            P params;
            try {
                params = ParameterBinder.bind(filter.name(), task.pipeline().requireStage(task.stage()).with(),
                        filter.parametersType());
            } catch (RuntimeException e) {
                log.warn("event=part_failed jobId={} stage={} work={} part={} error=\"{}\"", task.jobId(), task.stage(),
                        part.workId(), part.name(), oneLine(e));
                return Mono.just(true);
            }
            return runPart(task, params);
        });
    }

    private Mono<Boolean> runPart(StageTask task, P params) {
        var part = task.part();
        StageDefinition def = task.pipeline().requireStage(task.stage());
        Duration timeout = def.timeout() != null ? def.timeout() : props.stageTimeout();
        Path scratch = props.scratchDir().resolve(safe(task.jobId())).resolve(task.stage())
                .resolve("part-" + safe(part.workId()) + "-" + safe(part.name()) + "-" + java.util.UUID.randomUUID());
        AtomicBoolean over = new AtomicBoolean();
        DefaultStageContext<P> ctx = new DefaultStageContext<>(task, params, scratch, store,
                () -> shuttingDown || over.get(), bus, sharedWork, infra);
        String runKey = task.jobId() + "\t" + task.stage() + "\tpart\t" + part.workId() + "/" + part.name() + "\t" + scratch;
        running.put(runKey, new RunningTask(task.jobId(), task.stage() + "[part " + part.name() + "]", task.attempt(),
                Instant.now(), ctx));
        long started = System.nanoTime();
        log.info("event=part_started jobId={} stage={} attempt={} work={} part={} worker={}", task.jobId(),
                task.stage(), task.attempt(), part.workId(), part.name(), props.instanceId());
        // the offering attempt ended (completed, failed, cancelled, retried): stop helping
        Disposable watch = PeriodicTask.every(props.cancelCheckInterval(), props.cancelCheckInterval(),
                i -> status.stageStatus(task.jobId(), task.stage()).doOnNext(o -> {
                    boolean live = o.isPresent() && o.get().stageState() == StageState.RUNNING
                            && o.get().attempt() == task.attempt()
                            && (o.get().jobState() == null || !o.get().jobState().terminal());
                    if (!live && over.compareAndSet(false, true)) {
                        log.info("event=part_stop_requested jobId={} stage={} work={} part={}", task.jobId(),
                                task.stage(), part.workId(), part.name());
                    }
                }),
                e -> { }); // the next tick reads again
        Mono<Outcome> work = Mono.fromCallable(() -> Files.createDirectories(scratch))
                .then(StageLogContext.around(task, () -> filter.runPart(ctx)))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(timeout, Mono.error(() -> new TimeoutException("part ran longer than " + timeout)))
                .then(Mono.fromSupplier(() -> Outcome.ok(null)));
        Mono<Outcome> forced = forceStop.asMono().then(Mono.fromSupplier(() -> Outcome.failed(new Abandoned())));
        return Mono.firstWithSignal(work, forced)
                .onErrorResume(e -> Mono.just(Outcome.failed(e)))
                .flatMap(o -> ctx.releaseLeases().thenReturn(o))
                .map(o -> {
                    long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
                    if (o.error == null) {
                        log.info("event=part_completed jobId={} stage={} attempt={} work={} part={} durationMs={}",
                                task.jobId(), task.stage(), task.attempt(), part.workId(), part.name(), ms);
                        return true;
                    }
                    if (o.error instanceof Abandoned || (shuttingDown && o.error instanceof StageCancelledException)) {
                        log.info("event=part_abandoned jobId={} stage={} work={} part={} durationMs={}", task.jobId(),
                                task.stage(), part.workId(), part.name(), ms);
                        return false;
                    }
                    if (o.error instanceof StageCancelledException) {
                        log.info("event=part_stopped jobId={} stage={} work={} part={} durationMs={}", task.jobId(),
                                task.stage(), part.workId(), part.name(), ms);
                    } else {
                        log.warn("event=part_failed jobId={} stage={} work={} part={} durationMs={} errorType={} error=\"{}\"",
                                task.jobId(), task.stage(), part.workId(), part.name(), ms, o.error.getClass().getName(),
                                oneLine(o.error));
                    }
                    return true;
                })
                .doFinally(s -> {
                    watch.dispose();
                    running.remove(runKey);
                    deleteRecursively(scratch);
                });
    }

    /** The label of an attempt's end, as {@link #failedAttempt} will decide it. */
    private String outcome(StageTask task, Throwable e, boolean jobCancelled, int attemptBase) {
        if (e == null) {
            return "completed";
        }
        if (e instanceof Abandoned || (shuttingDown && e instanceof StageCancelledException && !jobCancelled)) {
            return "abandoned";
        }
        if (jobCancelled || e instanceof StageCancelledException) {
            return "cancelled";
        }
        int allowed = task.pipeline().requireStage(task.stage()).maxAttempts(props.maxAttempts());
        return permanent(e) || task.attempt() - attemptBase >= allowed ? "failed" : "retry";
    }

    /** Writes progress at most once per interval and refreshes the cancellation flag about once per check interval. */
    private Disposable ticker(StageTask task, DefaultStageContext<P> ctx, AtomicBoolean jobCancelled,
                              Sinks.Empty<Void> cancelSignal) {
        long tickMs = Math.max(20, Math.min(props.progressInterval().toMillis(), props.cancelCheckInterval().toMillis()));
        long checkEvery = Math.max(1, props.cancelCheckInterval().toMillis() / tickMs);
        double[] written = {0};
        return PeriodicTask.every(Duration.ofMillis(tickMs), Duration.ofMillis(tickMs), i -> {
            double p = ctx.reportedProgress();
            Mono<?> write = p > written[0]
                    ? status.progress(task.jobId(), task.stage(), task.attempt(), p).doOnNext(x -> written[0] = p)
                    : Mono.empty();
            Mono<?> check = (i + 1) % checkEvery == 0
                    ? status.cancelled(task.jobId()).doOnNext(c -> {
                        if (c && jobCancelled.compareAndSet(false, true)) {
                            log.info("event=stage_cancel_requested jobId={} stage={} attempt={}", task.jobId(),
                                    task.stage(), task.attempt());
                            cancelSignal.tryEmitEmpty();
                        }
                    })
                    : Mono.empty();
            return write.then(check);
        }, e -> { }); // a failed write or check is tried again at the next tick
    }

    // ---- success ----

    private Mono<Boolean> succeeded(StageTask task, StageResult result, long ms) {
        StageManifest manifest = new StageManifest(StageManifest.SCHEMA_VERSION, task.jobId(), task.assetId(),
                task.tenant(), task.stage(), filter.name(), result.outputs(), result.details(), Instant.now());
        String json = WireFormat.writeString(manifest);
        List<String> candidates = task.pipeline().successorsOf(task.stage()).stream().map(StageDefinition::name).toList();
        // manifest.json goes to storage while the stage is completed in Redis and its successors dispatched (they get
        // the manifest inline); the record is acknowledged only once it is stored. Should storage stay down through
        // every retry, the record is left unacknowledged: its redelivery replays the completed stage, storing it then.
        Mono<Boolean> stored = putManifest(task, json).thenReturn(true)
                .onErrorResume(e -> {
                    log.error("event=manifest_unstored jobId={} stage={} attempt={} error=\"{}\"", task.jobId(),
                            task.stage(), task.attempt(), oneLine(e));
                    return Mono.just(false);
                });
        Mono<Boolean> completed = status.complete(task.jobId(), task.stage(), task.attempt(), json, candidates)
                .retryWhen(infra)
                .flatMap(d -> {
                    if (d.rejected()) {
                        log.info("event=stage_result_dropped jobId={} stage={} attempt={} reason=stage_already_terminal",
                                task.jobId(), task.stage(), task.attempt());
                        return Mono.just(true);
                    }
                    processed.incrementAndGet();
                    if (counters != null) {
                        counters.done();
                    }
                    log.info("event=stage_completed jobId={} stage={} filter={} attempt={} outputs={} durationMs={}",
                            task.jobId(), task.stage(), filter.name(), task.attempt(), manifest.outputs().size(), ms);
                    return afterComplete(task, manifest, d, false);
                });
        return Mono.zip(stored, completed, (a, b) -> a && b);
    }

    private Mono<Void> putManifest(StageTask task, String json) {
        return store.putBytes(ObjectKeys.manifest(task.tenant(), task.assetId(), task.stage()),
                json.getBytes(StandardCharsets.UTF_8), "application/json").retryWhen(infra).then();
    }

    /**
     * Dispatches claimed successors and publishes StageCompleted side by side (different topics: no order between
     * them to keep), then the job's end when this stage decided it.
     */
    private Mono<Boolean> afterComplete(StageTask task, StageManifest manifest, CompletionDecision d, boolean published) {
        Mono<Void> stageEvent = published ? Mono.empty()
                : publish(new StageEvent.StageCompleted(StageEvent.SCHEMA_VERSION, task.jobId(), task.stage(),
                        filter.name(), task.attempt(), manifest, Instant.now()), task)
                .then(status.markPublished(task.jobId(), task.stage()).retryWhen(infra));
        return Mono.when(dispatch(task, d), stageEvent)
                .then(d.jobDecision().map(j -> publishJobEnd(task, j, d.jobError(), d.run())).orElse(Mono.empty()))
                .thenReturn(true);
    }

    private Mono<Void> dispatch(StageTask task, CompletionDecision d) {
        List<String> successors = d.successors();
        if (successors.isEmpty()) {
            return Mono.empty();
        }
        Set<String> needs = new LinkedHashSet<>();
        successors.forEach(s -> needs.addAll(task.pipeline().requireStage(s).needs()));
        return status.manifests(task.jobId(), needs).retryWhen(infra)
                .flatMap(found -> Flux.fromIterable(needs)
                        .concatMap(n -> found.containsKey(n)
                                ? Mono.just(Map.entry(n, WireFormat.read(found.get(n).getBytes(StandardCharsets.UTF_8),
                                        StageManifest.class)))
                                : status.stageStatus(task.jobId(), n).retryWhen(infra).flatMap(st ->
                                        st.isPresent() && st.get().stageState() == StageState.SKIPPED
                                                // skipped by its condition: no outputs to pass on
                                                ? Mono.<Map.Entry<String, StageManifest>>empty()
                                                : store.getBytes(ObjectKeys.manifest(task.tenant(), task.assetId(), n))
                                                .retryWhen(infra)
                                                .map(b -> Map.entry(n, WireFormat.read(b, StageManifest.class)))))
                        .collectMap(Map.Entry::getKey, Map.Entry::getValue))
                .flatMap(manifests -> Flux.fromIterable(successors).concatMap(s -> {
                    Map<String, StageManifest> upstream = new LinkedHashMap<>();
                    task.pipeline().requireStage(s).needs().forEach(n -> {
                        if (manifests.containsKey(n)) {
                            upstream.put(n, manifests.get(n));
                        }
                    });
                    StageTask next = task.forStage(s, upstream).withAttempt(d.attemptOf(s));
                    return bus.send(TaskMessages.task(next)).retryWhen(infra)
                            .doOnSuccess(v -> log.info("event=stage_dispatched jobId={} stage={} from={} filter={} attempt={}",
                                    task.jobId(), s, task.stage(), next.filter(), next.attempt()));
                }).then())
                .then(status.markSent(task.jobId(), successors).retryWhen(infra));
    }

    /** A redelivered task of a completed stage: send claimed-but-unsent successors and unpublished events only. */
    private Mono<Boolean> replay(StageTask task, StageStatus st) {
        // from Redis, the manifest may not have reached storage yet (its first put failed): store it again if missing
        Mono<String> manifestJson = st.manifestJson() != null
                ? store.stat(ObjectKeys.manifest(task.tenant(), task.assetId(), task.stage())).retryWhen(infra)
                .flatMap(o -> o.isPresent() ? Mono.empty() : putManifest(task, st.manifestJson()))
                .thenReturn(st.manifestJson())
                : store.getBytes(ObjectKeys.manifest(task.tenant(), task.assetId(), task.stage())).retryWhen(infra)
                .map(b -> new String(b, StandardCharsets.UTF_8));
        List<String> candidates = task.pipeline().successorsOf(task.stage()).stream().map(StageDefinition::name).toList();
        StageTask done = task.attempt() == st.attempt() ? task : task.withAttempt(st.attempt());
        return manifestJson.flatMap(json -> status.complete(task.jobId(), task.stage(), st.attempt(), json, candidates)
                .retryWhen(infra)
                .flatMap(d -> {
                    log.info("event=stage_replayed jobId={} stage={} attempt={} resent={} eventsPublished={}",
                            task.jobId(), task.stage(), task.attempt(), d.successors(), st.published());
                    StageManifest m = WireFormat.read(json.getBytes(StandardCharsets.UTF_8), StageManifest.class);
                    Mono<Void> jobEnd = st.jobState().terminal() && !st.jobPublished() && st.jobState() != JobState.CANCELLED
                            ? publishJobEnd(task, st.jobState(), st.jobError(), d.run()) : Mono.empty();
                    return afterComplete(done, m, d, st.published()).then(jobEnd).thenReturn(true);
                }));
    }

    private Mono<Void> publishJobEnd(StageTask task, JobState state, String error, int run) {
        StageEvent e = state == JobState.COMPLETED
                ? new StageEvent.JobCompleted(StageEvent.SCHEMA_VERSION, task.jobId(), run, Instant.now())
                : new StageEvent.JobFailed(StageEvent.SCHEMA_VERSION, task.jobId(), error == null ? "failed" : error,
                run, Instant.now());
        log.info("event=job_{} jobId={} stage={} error=\"{}\"", state.name().toLowerCase(), task.jobId(), task.stage(),
                error == null ? "" : error);
        return publish(e, task).then(status.markPublished(task.jobId(), null).retryWhen(infra));
    }

    // ---- failure ----

    private Mono<Boolean> failedAttempt(StageTask task, Throwable e, ReceivedMessage msg, boolean jobCancelled, long ms,
                                        int attemptBase) {
        if (e instanceof Abandoned || (shuttingDown && e instanceof StageCancelledException && !jobCancelled)) {
            log.info("event=stage_abandoned jobId={} stage={} filter={} attempt={} reason=shutdown durationMs={}",
                    task.jobId(), task.stage(), filter.name(), task.attempt(), ms);
            return Mono.just(false);
        }
        Mono<Boolean> isCancelled = jobCancelled ? Mono.just(true)
                : status.cancelled(task.jobId()).retryWhen(infra);
        return isCancelled.flatMap(c -> {
            if (c) {
                log.info("event=stage_cancelled jobId={} stage={} filter={} attempt={} durationMs={}", task.jobId(),
                        task.stage(), filter.name(), task.attempt(), ms);
                return status.cancelStage(task.jobId(), task.stage(), task.attempt(), "job cancelled")
                        .retryWhen(infra).thenReturn(true);
            }
            int allowed = task.pipeline().requireStage(task.stage()).maxAttempts(props.maxAttempts());
            if (permanent(e) || task.attempt() - attemptBase >= allowed) {
                return finalFailure(task, e);
            }
            return scheduleRetry(task, e, msg, ms);
        });
    }

    private static boolean permanent(Throwable e) {
        return e instanceof PermanentStageException || e instanceof IllegalArgumentException
                || e instanceof UnsupportedOperationException;
    }

    private Mono<Boolean> scheduleRetry(StageTask task, Throwable e, ReceivedMessage msg, long ms) {
        String reason = oneLine(e);
        Duration delay = backoff(task.attempt());
        log.warn("event=stage_retry_scheduled jobId={} stage={} filter={} attempt={} nextAttempt={} delayMs={} durationMs={} errorType={} error=\"{}\"",
                task.jobId(), task.stage(), filter.name(), task.attempt(), task.attempt() + 1, delay.toMillis(), ms,
                e.getClass().getName(), reason);
        return status.retryScheduled(task.jobId(), task.stage(), task.attempt(), reason, e.getClass().getName())
                .retryWhen(infra)
                .then(publish(new StageEvent.StageFailed(StageEvent.SCHEMA_VERSION, task.jobId(), task.stage(),
                        filter.name(), task.attempt(), reason, e.getClass().getName(), true, Instant.now()), task))
                .then(Mono.fromRunnable(() -> {
                    // The delay runs beside the consumer: the slot is free for other records meanwhile, and the
                    // offset is acknowledged only once the next attempt is on Kafka.
                    inFlight.incrementAndGet();
                    StageTask next = task.withAttempt(task.attempt() + 1);
                    Disposable[] self = new Disposable[1];
                    self[0] = Mono.firstWithSignal(Mono.delay(delay).then(), stopSignal.asMono())
                            .then(bus.send(TaskMessages.task(next)).retryWhen(infra))
                            .doFinally(s -> {
                                inFlight.decrementAndGet();
                                if (self[0] != null) {
                                    pending.remove(self[0]);
                                }
                            })
                            .subscribe(v -> { }, err -> log.error("event=retry_send_failed jobId={} stage={} attempt={} error=\"{}\"",
                                            task.jobId(), task.stage(), next.attempt(), oneLine(err)),
                                    () -> {
                                        log.info("event=stage_retry_sent jobId={} stage={} attempt={}", task.jobId(),
                                                task.stage(), next.attempt());
                                        msg.ack();
                                    });
                    pending.add(self[0]);
                }))
                .thenReturn(false);
    }

    Duration backoff(int attempt) {
        long base = props.backoffInitial().toMillis();
        long ms = base << Math.min(20, Math.max(0, attempt - 1));
        return Duration.ofMillis(Math.min(ms, props.backoffMax().toMillis()));
    }

    private Mono<Boolean> finalFailure(StageTask task, Throwable e) {
        String reason = oneLine(e);
        String type = e.getClass().getName();
        List<String> dependents = List.copyOf(task.pipeline().dependentsOf(task.stage()));
        failed.incrementAndGet();
        if (counters != null) {
            counters.failed();
        }
        log.error("event=stage_failed jobId={} stage={} filter={} attempt={} permanent={} errorType={} error=\"{}\"",
                task.jobId(), task.stage(), filter.name(), task.attempt(), permanent(e), type, reason);
        return bus.send(Topics.DLQ, task.jobId(), WireFormat.write(task), dlqHeaders(task, reason, type)).retryWhen(infra)
                .then(status.fail(task.jobId(), task.stage(), task.attempt(), reason, type, dependents).retryWhen(infra))
                .flatMap(d -> afterFailure(task, reason, type, d))
                .thenReturn(true);
    }

    private Mono<Void> afterFailure(StageTask task, String reason, String type, FailureDecision d) {
        List<StageEvent> events = new ArrayList<>();
        events.add(new StageEvent.StageFailed(StageEvent.SCHEMA_VERSION, task.jobId(), task.stage(), filter.name(),
                task.attempt(), reason, type, false, Instant.now()));
        for (String s : d.skipped()) {
            log.info("event=stage_skipped jobId={} stage={} because={}", task.jobId(), s, task.stage());
            events.add(new StageEvent.StageSkipped(StageEvent.SCHEMA_VERSION, task.jobId(), s,
                    "needs " + task.stage() + ", which failed: " + reason, false, d.run(), Instant.now()));
        }
        return Flux.fromIterable(events).concatMap(ev -> publish(ev, task)).then()
                .then(status.markPublished(task.jobId(), task.stage()).retryWhen(infra))
                .then(d.jobDecision().map(j -> publishJobEnd(task, j, d.jobError(), d.run())).orElse(Mono.empty()));
    }

    private Map<String, String> dlqHeaders(StageTask task, String reason, String type) {
        Map<String, String> h = new LinkedHashMap<>();
        if (task.traceparent() != null) {
            h.put(Headers.TRACEPARENT, task.traceparent());
        }
        h.put(Headers.ERROR, reason);
        h.put(Headers.ERROR_TYPE, type);
        h.put(Headers.STAGE, task.stage());
        h.put(Headers.ATTEMPTS, Integer.toString(task.attempt()));
        h.put(Headers.JOB, task.jobId());
        h.put(Headers.FILTER, filter.name());
        h.put(Headers.ORIGINAL_TOPIC, Topics.stage(filter.name()));
        return h;
    }

    /** Sends an event after the same attempt's StageStarted, when that is still in flight. */
    private Mono<Void> publish(StageEvent event, StageTask task) {
        Mono<Void> started = startedEvents.get(task.jobId() + "\t" + task.stage() + "\t" + task.attempt());
        return started == null ? send(event, task) : started.then(send(event, task));
    }

    private Mono<Void> send(StageEvent event, StageTask task) {
        return bus.send(TaskMessages.event(event, task.traceparent())).retryWhen(infra);
    }

    // ---- helpers ----

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        m = m.replace('\n', ' ').replace('\r', ' ').replace('"', '\'');
        return m.length() > 1000 ? m.substring(0, 1000) + "…" : m;
    }

    private static String safe(String s) {
        String r = s.replaceAll("[^A-Za-z0-9._-]", "_");
        return r.isEmpty() || r.startsWith(".") ? "_" + r : r;
    }

    private static void deleteRecursively(Path dir) {
        Schedulers.boundedElastic().schedule(() -> {
            if (!Files.exists(dir)) {
                return;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException ignored) {
                        // best effort
                    }
                });
            } catch (IOException e) {
                log.warn("event=scratch_delete_failed dir={} error=\"{}\"", dir, oneLine(e));
            }
        });
    }

    private record Outcome(StageResult result, Throwable error) {
        static Outcome ok(StageResult r) {
            return new Outcome(r, null);
        }

        static Outcome failed(Throwable e) {
            return new Outcome(null, e);
        }
    }

    /** The worker stopped before the stage ended: leave the record for the next owner. */
    static final class Abandoned extends RuntimeException {
        Abandoned() {
            super("worker stopping", null, false, false);
        }
    }
}
