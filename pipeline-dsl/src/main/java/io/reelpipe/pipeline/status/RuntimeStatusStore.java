package io.reelpipe.pipeline.status;

import io.reelpipe.pipeline.model.FilterDescriptor;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The state transitions the stage runtime makes in Redis, each atomic (Lua) and idempotent, plus the few
 * operations ingest needs besides {@link JobStatusStore} (cancel, the filter catalogue).
 */
public interface RuntimeStatusStore extends JobStatusStore {

    /** Job state, stage state and the stage's recorded attempt; empty when the job is unknown. */
    Mono<Optional<StageStatus>> stageStatus(String jobId, String stage);

    /** Marks the stage RUNNING for {@code attempt} (and the job RUNNING at its first stage), unless that is wrong now. */
    default Mono<StartDecision> markRunning(String jobId, String stage, int attempt, String workerId) {
        return markRunning(jobId, stage, attempt, workerId, null, null);
    }

    /**
     * As {@link #markRunning(String, String, int, String)}, also keeping the task (for the watchdog) while the stage
     * runs and the job's re-run template (first call wins); either may be null.
     */
    Mono<StartDecision> markRunning(String jobId, String stage, int attempt, String workerId, String taskJson,
                                    String templateJson);

    /**
     * The stage's {@code when} is false for this job: SKIPPED (counts as done for its dependants), successors claimed
     * as by {@link #complete}. {@link CompletionDecision#rejected()} when the stage had ended otherwise.
     */
    Mono<CompletionDecision> skipByCondition(String jobId, String stage, int attempt, String reason,
                                             Collection<String> successorCandidates);

    /** Records progress; ignored unless the stage runs {@code attempt} and {@code fraction} is higher than before. */
    Mono<Boolean> progress(String jobId, String stage, int attempt, double fraction);

    /** The attempt failed and another one is scheduled: stage back to QUEUED with the reason. */
    Mono<Void> retryScheduled(String jobId, String stage, int attempt, String reason, String errorType);

    /**
     * Marks the stage COMPLETED with its manifest, claims the dispatch of every candidate successor whose needs are all
     * COMPLETED (once: HSETNX), and decides the job when every stage is terminal. Replays return no new claims, except
     * successors this stage claimed whose task was never marked sent.
     */
    Mono<CompletionDecision> complete(String jobId, String stage, int attempt, String manifestJson,
                                      Collection<String> successorCandidates);

    /** Marks claimed successor tasks as sent to Kafka. */
    Mono<Void> markSent(String jobId, Collection<String> stages);

    /** Records that the stage's terminal events reached Kafka ({@code stage} null: the job's terminal event). */
    Mono<Void> markPublished(String jobId, String stage);

    /** Manifest JSON of the given stages, by stage; stages without a manifest are left out. */
    Mono<Map<String, String>> manifests(String jobId, Collection<String> stages);

    /**
     * Marks the stage FAILED for good, every dependent not yet terminal SKIPPED, and decides the job when every stage
     * is terminal (FAILED, with the first failure's reason).
     */
    Mono<FailureDecision> fail(String jobId, String stage, int attempt, String reason, String errorType,
                               Collection<String> transitiveDependents);

    /** Marks a stage CANCELLED (the job was cancelled while it ran). */
    Mono<FailureDecision> cancelStage(String jobId, String stage, int attempt, String reason);

    /** True when the job is CANCELLED. */
    Mono<Boolean> cancelled(String jobId);

    /**
     * Cancels a job: job and every stage not yet terminal become CANCELLED; running stages notice within about a
     * second and stop. Returns false when the job is unknown or already terminal.
     */
    default Mono<Boolean> cancel(String jobId, String reason) {
        return cancelJob(jobId, reason).map(CancelDecision::cancelled);
    }

    /** {@link #cancel} telling which stages it cancelled. */
    Mono<CancelDecision> cancelJob(String jobId, String reason);

    /**
     * Re-runs an ended job: {@code stages} (the caller includes their dependants) go back to QUEUED with raised
     * attempts (stale tasks of earlier attempts are dropped), the job to QUEUED with run + 1; the reset stages whose
     * needs are all done are claimed for dispatch.
     */
    Mono<RerunDecision> rerun(String jobId, Collection<String> stages, String reason);

    /** The job's re-run template: a StageTask JSON without upstream manifests; empty when none was recorded. */
    Mono<java.util.Optional<String>> template(String jobId);

    /** Every stage listed as RUNNING, with its worker (the watchdog's scan). Entries of ended stages are pruned. */
    reactor.core.publisher.Flux<RunningStage> running();

    /** True while the heartbeat of {@code instanceId} in {@code filter}'s pool exists. */
    Mono<Boolean> workerAlive(String filter, String instanceId);

    /**
     * The worker running {@code stage}'s {@code attempt} stopped heartbeating: re-queue it (attempt + 1) unless it was
     * re-queued {@code maxRequeues} times already, in which case it FAILS with {@code reason} and its dependants are
     * SKIPPED. Nothing happens when the stage moved on meanwhile ({@code GONE}).
     */
    Mono<WatchdogDecision> requeueLost(String jobId, String stage, int attempt, String worker, int maxRequeues,
                                       String reason, Collection<String> transitiveDependents);

    /** Publishes a filter's descriptor in {@code rp:filters}, so ingest validates pipelines without the worker code. */
    Mono<Void> registerFilter(FilterDescriptor descriptor);

    /** Every filter descriptor workers registered. */
    Mono<List<FilterDescriptor>> filters();
}
