package io.reelpipe.pipeline.runtime;

import io.reelpipe.pipeline.bus.MessageBus;
import io.reelpipe.pipeline.model.Pipeline;
import io.reelpipe.pipeline.model.StageDefinition;
import io.reelpipe.pipeline.status.CancelDecision;
import io.reelpipe.pipeline.status.JobSnapshot;
import io.reelpipe.pipeline.status.RerunDecision;
import io.reelpipe.pipeline.status.RuntimeStatusStore;
import io.reelpipe.pipeline.status.StageSnapshot;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.storage.ObjectStore;
import io.reelpipe.pipeline.wire.StageEvent;
import io.reelpipe.pipeline.wire.StageManifest;
import io.reelpipe.pipeline.wire.StageState;
import io.reelpipe.pipeline.wire.StageTask;
import io.reelpipe.pipeline.wire.TaskMessages;
import io.reelpipe.pipeline.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Operations on running and ended jobs that any app (ingest, tools, tests) performs: cancel and re-run. Both decide
 * in Redis first (one Lua script each), then publish their lifecycle events so PostgreSQL, webhooks and SSE follow.
 */
public final class JobControl {

    private static final Logger log = LoggerFactory.getLogger(JobControl.class);

    private final MessageBus bus;
    private final RuntimeStatusStore status;
    private final ObjectStore store;

    public JobControl(MessageBus bus, RuntimeStatusStore status, ObjectStore store) {
        this.bus = bus;
        this.status = status;
        this.store = store;
    }

    /**
     * Cancels a job: QUEUED and RUNNING stages become CANCELLED at once (running ones stop at their next cancellation
     * check, queued tasks are dropped by the workers that receive them), then StageCancelled… and JobCancelled are
     * published. {@link CancelDecision#cancelled()} is false when the job is unknown or had already ended.
     */
    public Mono<CancelDecision> cancel(String jobId, String reason, String traceparent) {
        String why = reason == null || reason.isBlank() ? "cancelled" : reason;
        return status.cancelJob(jobId, why).flatMap(d -> {
            if (!d.cancelled()) {
                return Mono.just(d);
            }
            log.info("event=job_cancelled jobId={} stages={} reason=\"{}\"", jobId, d.stages(), why);
            Instant now = Instant.now();
            List<StageEvent> events = new ArrayList<>();
            d.stages().forEach(s -> events.add(new StageEvent.StageCancelled(StageEvent.SCHEMA_VERSION, jobId, s, why,
                    d.run(), now)));
            events.add(new StageEvent.JobCancelled(StageEvent.SCHEMA_VERSION, jobId, why, d.stages(), d.run(), now));
            return Flux.fromIterable(events).concatMap(e -> bus.send(TaskMessages.event(e, traceparent))).then(Mono.just(d));
        });
    }

    /** What a re-run did. */
    public record RerunResult(RerunDecision decision, Set<String> reset, List<String> dispatched) {
    }

    /**
     * The stages a re-run of {@code requested} resets: them, every stage that depends on them, and any need of those
     * that did not end well (FAILED, CANCELLED, SKIPPED after a failure), with its dependants, until closed.
     * Stages that COMPLETED outside that set are reused as they are.
     */
    public static Set<String> resetSet(Pipeline pipeline, JobSnapshot snapshot, Collection<String> requested) {
        Set<String> reset = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(requested);
        while (!todo.isEmpty()) {
            String s = todo.removeFirst();
            if (!reset.add(s)) {
                continue;
            }
            todo.addAll(pipeline.dependentsOf(s));
            for (String need : pipeline.requireStage(s).needs()) {
                Optional<StageSnapshot> ns = snapshot.stage(need);
                boolean done = ns.isPresent() && (ns.get().state() == StageState.COMPLETED
                        || (ns.get().state() == StageState.SKIPPED && ns.get().byCondition()));
                if (!done) {
                    todo.add(need);
                }
            }
        }
        List<String> order = pipeline.topologicalOrder();
        Set<String> sorted = new LinkedHashSet<>();
        order.stream().filter(reset::contains).forEach(sorted::add);
        return sorted;
    }

    /** The stages a re-run of a whole job resets: every stage that did not complete (or was not skipped by condition). */
    public static List<String> unfinished(JobSnapshot snapshot) {
        return snapshot.stages().stream()
                .filter(s -> !(s.state() == StageState.COMPLETED || (s.state() == StageState.SKIPPED && s.byCondition())))
                .map(StageSnapshot::name).toList();
    }

    /**
     * Re-runs an ended job from the given stages (see {@link #resetSet}), reusing the outputs of the stages that
     * completed: resets them in Redis (earlier attempts become stale), publishes JobRerun, then sends the tasks of the
     * reset stages whose needs are done, built from {@code template} (any task of the job; null: the one Redis kept).
     */
    public Mono<RerunResult> rerun(String jobId, Collection<String> stages, String reason, StageTask template) {
        Mono<StageTask> tpl = template != null ? Mono.just(template)
                : status.template(jobId).flatMap(o -> o.map(j -> Mono.just(WireFormat.readTask(j.getBytes(StandardCharsets.UTF_8))))
                .orElseGet(() -> Mono.error(new IllegalStateException("no task of job " + jobId + " was recorded; pass a template"))));
        return tpl.flatMap(t -> status.snapshot(jobId).flatMap(snap -> {
            if (snap.isEmpty()) {
                return Mono.just(new RerunResult(new RerunDecision("UNKNOWN_JOB", 0, Map.of(), List.of()), Set.of(), List.of()));
            }
            Set<String> reset = resetSet(t.pipeline(), snap.get(), stages);
            String why = reason == null || reason.isBlank() ? "re-run" : reason;
            return status.rerun(jobId, reset, why).flatMap(d -> {
                if (!d.ok()) {
                    return Mono.just(new RerunResult(d, reset, List.of()));
                }
                log.info("event=job_rerun jobId={} run={} reset={} dispatch={}", jobId, d.run(), reset, d.dispatch());
                StageEvent ev = new StageEvent.JobRerun(StageEvent.SCHEMA_VERSION, jobId, List.copyOf(reset),
                        d.attempts(), why, d.run(), Instant.now());
                return bus.send(TaskMessages.event(ev, t.traceparent()))
                        .then(send(t, d))
                        .then(status.markSent(jobId, d.dispatch()))
                        .thenReturn(new RerunResult(d, reset, d.dispatch()));
            });
        }));
    }

    private Mono<Void> send(StageTask template, RerunDecision d) {
        Set<String> needs = new LinkedHashSet<>();
        d.dispatch().forEach(s -> needs.addAll(template.pipeline().requireStage(s).needs()));
        return status.manifests(template.jobId(), needs)
                .flatMap(found -> Flux.fromIterable(needs)
                        .concatMap(n -> found.containsKey(n)
                                ? Mono.just(Map.entry(n, WireFormat.read(found.get(n).getBytes(StandardCharsets.UTF_8), StageManifest.class)))
                                : status.stageStatus(template.jobId(), n).flatMap(st -> st.isPresent()
                                && st.get().stageState() == StageState.SKIPPED || store == null
                                ? Mono.<Map.Entry<String, StageManifest>>empty()
                                : store.getBytes(ObjectKeys.manifest(template.tenant(), template.assetId(), n))
                                .map(b -> Map.entry(n, WireFormat.read(b, StageManifest.class)))))
                        .collectMap(Map.Entry::getKey, Map.Entry::getValue))
                .flatMapMany(manifests -> Flux.fromIterable(d.dispatch()).concatMap(s -> {
                    StageDefinition def = template.pipeline().requireStage(s);
                    Map<String, StageManifest> upstream = new LinkedHashMap<>();
                    def.needs().forEach(n -> {
                        if (manifests.containsKey(n)) {
                            upstream.put(n, manifests.get(n));
                        }
                    });
                    StageTask task = template.forStage(s, upstream).withAttempt(d.attempts().getOrDefault(s, 1));
                    return bus.send(TaskMessages.task(task))
                            .doOnSuccess(v -> log.info("event=stage_dispatched jobId={} stage={} from=rerun attempt={}",
                                    task.jobId(), s, task.attempt()));
                }))
                .then();
    }
}
