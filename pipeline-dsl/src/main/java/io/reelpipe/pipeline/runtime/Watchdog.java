package io.reelpipe.pipeline.runtime;

import io.reelpipe.pipeline.bus.MessageBus;
import io.reelpipe.pipeline.config.WatchdogProperties;
import io.reelpipe.pipeline.status.RunningStage;
import io.reelpipe.pipeline.status.RuntimeStatusStore;
import io.reelpipe.pipeline.status.WatchdogDecision;
import io.reelpipe.pipeline.wire.Headers;
import io.reelpipe.pipeline.wire.JobState;
import io.reelpipe.pipeline.wire.StageEvent;
import io.reelpipe.pipeline.wire.StageTask;
import io.reelpipe.pipeline.wire.TaskMessages;
import io.reelpipe.pipeline.wire.Topics;
import io.reelpipe.pipeline.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Finds stages that stay RUNNING although their worker is gone: every {@code interval} it scans the RUNNING index
 * ({@code rp:running}); a stage whose worker's heartbeat ({@code rp:pool:{filter}:workers:{id}}) has been missing for
 * longer than {@code grace} is re-queued with attempt + 1 (the dead worker's attempt becomes stale), at most
 * {@code max-requeues} times; after that it FAILS with "the worker running this stage stopped responding" and its
 * dependants are SKIPPED. Decisions are Lua scripts guarded by (attempt, worker), so several watchdogs may run.
 */
public final class Watchdog implements SmartLifecycle {

    public static final String REASON = "the worker running this stage stopped responding";
    private static final Logger log = LoggerFactory.getLogger(Watchdog.class);

    private final RuntimeStatusStore status;
    private final MessageBus bus;
    private final WatchdogProperties props;
    private final Map<String, Long> missingSince = new ConcurrentHashMap<>();
    private final AtomicLong requeued = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile Disposable loop;

    public Watchdog(RuntimeStatusStore status, MessageBus bus, WatchdogProperties props) {
        this.status = status;
        this.bus = bus;
        this.props = props;
    }

    public long requeued() {
        return requeued.get();
    }

    public long failed() {
        return failed.get();
    }

    @Override
    public synchronized void start() {
        if (loop != null) {
            return;
        }
        log.info("event=watchdog_started interval={} grace={} maxRequeues={}", props.interval(), props.grace(),
                props.maxRequeues());
        loop = PeriodicTask.every(props.interval(), props.interval(), i -> scan(),
                e -> log.warn("event=watchdog_scan_failed error=\"{}\"", e.toString()));
    }

    /** One scan; returns how many stages it re-queued or failed. */
    public Mono<Integer> scan() {
        long now = System.currentTimeMillis();
        Map<String, Boolean> seen = new ConcurrentHashMap<>();
        return status.running()
                .concatMap(r -> {
                    String key = r.jobId() + "\t" + r.stage() + "\t" + r.attempt();
                    seen.put(key, true);
                    if (r.worker() == null || r.filter() == null) {
                        return Mono.just(0);
                    }
                    return status.workerAlive(r.filter(), r.worker()).flatMap(alive -> {
                        if (alive) {
                            missingSince.remove(key);
                            return Mono.just(0);
                        }
                        long since = missingSince.computeIfAbsent(key, k -> now);
                        if (now - since < props.grace().toMillis()) {
                            return Mono.just(0);
                        }
                        missingSince.remove(key);
                        return recover(r);
                    });
                })
                .reduce(0, Integer::sum)
                .doOnSuccess(n -> missingSince.keySet().removeIf(k -> !seen.containsKey(k)));
    }

    private Mono<Integer> recover(RunningStage r) {
        return status.template(r.jobId()).flatMap(tpl -> {
            List<String> dependents = tpl.map(j -> List.copyOf(WireFormat.readTask(j.getBytes(StandardCharsets.UTF_8))
                    .pipeline().dependentsOf(r.stage()))).orElse(List.of());
            return status.requeueLost(r.jobId(), r.stage(), r.attempt(), r.worker(), props.maxRequeues(), REASON, dependents);
        }).flatMap(d -> switch (d.outcome()) {
            case "REQUEUED" -> requeue(r, d).thenReturn(1);
            case "FAILED" -> fail(r, d).thenReturn(1);
            default -> Mono.just(0);
        });
    }

    private Mono<Void> requeue(RunningStage r, WatchdogDecision d) {
        StageTask task = WireFormat.readTask(d.taskJson().getBytes(StandardCharsets.UTF_8)).withAttempt(d.nextAttempt());
        requeued.incrementAndGet();
        log.warn("event=stage_requeued_by_watchdog jobId={} stage={} filter={} worker={} attempt={} nextAttempt={} requeues={}",
                r.jobId(), r.stage(), r.filter(), r.worker(), r.attempt(), d.nextAttempt(), d.requeues());
        return bus.send(TaskMessages.event(new StageEvent.StageFailed(StageEvent.SCHEMA_VERSION, r.jobId(), r.stage(),
                        r.filter(), r.attempt(), REASON, "watchdog", true, Instant.now()), task.traceparent()))
                .then(bus.send(TaskMessages.task(task)));
    }

    private Mono<Void> fail(RunningStage r, WatchdogDecision d) {
        failed.incrementAndGet();
        StageTask task = d.taskJson() == null || d.taskJson().isEmpty() ? null
                : WireFormat.readTask(d.taskJson().getBytes(StandardCharsets.UTF_8));
        String tp = task == null ? null : task.traceparent();
        log.error("event=stage_failed_by_watchdog jobId={} stage={} filter={} worker={} attempt={} requeues={}",
                r.jobId(), r.stage(), r.filter(), r.worker(), r.attempt(), d.requeues());
        List<StageEvent> events = new ArrayList<>();
        events.add(new StageEvent.StageFailed(StageEvent.SCHEMA_VERSION, r.jobId(), r.stage(), r.filter(), r.attempt(),
                REASON, "watchdog", false, Instant.now()));
        d.skipped().forEach(s -> events.add(new StageEvent.StageSkipped(StageEvent.SCHEMA_VERSION, r.jobId(), s,
                "needs " + r.stage() + ", which failed: " + REASON, false, d.run(), Instant.now())));
        d.jobDecision().ifPresent(j -> events.add(j == JobState.COMPLETED
                ? new StageEvent.JobCompleted(StageEvent.SCHEMA_VERSION, r.jobId(), d.run(), Instant.now())
                : new StageEvent.JobFailed(StageEvent.SCHEMA_VERSION, r.jobId(), d.jobError(), d.run(), Instant.now())));
        Mono<Void> dlq = Mono.empty();
        if (task != null) {
            Map<String, String> h = new LinkedHashMap<>();
            if (tp != null) {
                h.put(Headers.TRACEPARENT, tp);
            }
            h.put(Headers.ERROR, REASON);
            h.put(Headers.ERROR_TYPE, "watchdog");
            h.put(Headers.STAGE, r.stage());
            h.put(Headers.ATTEMPTS, Integer.toString(r.attempt()));
            h.put(Headers.JOB, r.jobId());
            h.put(Headers.FILTER, r.filter());
            h.put(Headers.ORIGINAL_TOPIC, Topics.stage(r.filter()));
            dlq = bus.send(Topics.DLQ, r.jobId(), WireFormat.write(task), h);
        }
        return dlq.thenMany(Flux.fromIterable(events).concatMap(e -> bus.send(TaskMessages.event(e, tp))))
                .then(d.jobDecision().isPresent() ? status.markPublished(r.jobId(), null) : Mono.empty())
                .then(status.markPublished(r.jobId(), r.stage()));
    }

    @Override
    public synchronized void stop() {
        if (loop != null) {
            loop.dispose();
            loop = null;
            log.info("event=watchdog_stopped");
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }
}
