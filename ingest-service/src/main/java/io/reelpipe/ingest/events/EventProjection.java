package io.reelpipe.ingest.events;

import io.r2dbc.postgresql.codec.Json;
import io.reelpipe.pipeline.wire.StageEvent;
import io.reelpipe.pipeline.wire.WireFormat;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Applies lifecycle events to the {@code jobs} and {@code stages} rows. Idempotent twice over: the eventId is
 * recorded in {@code processed_events} in the same transaction (a redelivery changes nothing), and every update is
 * guarded so states only move forward (a late StageStarted cannot reopen a completed stage).
 */
@Component
public class EventProjection {

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public EventProjection(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /** True when the event was applied now, false when it had been already. */
    public Mono<Boolean> apply(StageEvent event) {
        if (event instanceof StageEvent.AssetDeleted) {
            return Mono.just(false); // ingest announced it itself, after applying it (AssetDeletionConsumer)
        }
        Mono<Boolean> work = db.sql("insert into processed_events (event_id, job_id) values (:id, :job) "
                        + "on conflict (event_id) do nothing")
                .bind("id", event.eventId()).bind("job", event.jobId())
                .fetch().rowsUpdated()
                .flatMap(n -> n == 0 ? Mono.just(false) : update(event).then(enqueueWebhooks(event)).thenReturn(true));
        return tx.transactional(work);
    }

    /** The webhook event type of a lifecycle event: {@code stage.completed}, {@code job.failed}, {@code job.rerun}… */
    public static String webhookType(StageEvent event) {
        String n = event.getClass().getSimpleName();
        String scope = n.startsWith("Job") ? "job" : "stage";
        return scope + "." + n.substring(scope.length()).toLowerCase(java.util.Locale.ROOT);
    }

    /** One PENDING delivery per active webhook of the job's tenant subscribed to this event type (same transaction). */
    private Mono<Void> enqueueWebhooks(StageEvent event) {
        String type = webhookType(event);
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("id", event.eventId());
        body.put("type", type);
        body.put("jobId", event.jobId());
        body.put("createdAt", (event.at() == null ? Instant.now() : event.at()).toString());
        body.put("data", WireFormat.mapper().readValue(WireFormat.writeEvent(event), java.util.Map.class));
        return db.sql("insert into webhook_deliveries (webhook_id, event_id, event_type, job_id, payload, state) "
                        + "select w.id, :eid, :type, :job, :payload, 'PENDING' from webhooks w join jobs j on j.tenant = w.tenant "
                        + "where j.id = :job and w.active and (:type = any(w.events) or '*' = any(w.events)) "
                        + "on conflict (webhook_id, event_id) do nothing")
                .bind("eid", event.eventId()).bind("type", type).bind("job", event.jobId())
                .bind("payload", Json.of(WireFormat.writeString(body)))
                .fetch().rowsUpdated().then();
    }

    private Mono<Void> update(StageEvent event) {
        Instant at = event.at() == null ? Instant.now() : event.at();
        return switch (event) {
            case StageEvent.StageStarted e -> stage("update stages set state = 'RUNNING', attempt = greatest(attempt, :attempt), "
                    + "started_at = coalesce(started_at, :at), updated_at = :at "
                    + "where job_id = :job and name = :stage and state in ('QUEUED', 'RUNNING') and attempt <= :attempt",
                    e.jobId(), e.stage(), at)
                    .bind("attempt", e.attempt())
                    .fetch().rowsUpdated().then(jobRunning(e.jobId(), at));
            case StageEvent.StageCompleted e -> stage("update stages set state = 'COMPLETED', progress = 1, "
                    + "attempt = greatest(attempt, :attempt), manifest = :manifest, error = null, "
                    + "started_at = coalesce(started_at, :at), finished_at = :at, updated_at = :at "
                    + "where job_id = :job and name = :stage and state in ('QUEUED', 'RUNNING')", e.jobId(), e.stage(), at)
                    .bind("attempt", e.attempt())
                    .bind("manifest", Parameter.fromOrEmpty(
                            e.manifest() == null ? null : Json.of(WireFormat.mapper().writeValueAsString(e.manifest())),
                            Json.class))
                    .fetch().rowsUpdated().then(jobRunning(e.jobId(), at));
            case StageEvent.StageFailed e -> stage("update stages set state = :state, attempt = greatest(attempt, :attempt), "
                    + "error = :reason, finished_at = case when :final then :at else finished_at end, updated_at = :at "
                    + "where job_id = :job and name = :stage and state in ('QUEUED', 'RUNNING')", e.jobId(), e.stage(), at)
                    .bind("state", e.willRetry() ? "QUEUED" : "FAILED")
                    .bind("final", !e.willRetry())
                    .bind("attempt", e.attempt())
                    .bind("reason", e.reason() == null ? "failed" : e.reason())
                    .fetch().rowsUpdated().then();
            case StageEvent.StageSkipped e -> stage("update stages set state = 'SKIPPED', error = :reason, "
                    + "finished_at = :at, updated_at = :at "
                    + "where job_id = :job and name = :stage and state in ('QUEUED', 'RUNNING')", e.jobId(), e.stage(), at)
                    .bind("reason", Parameter.fromOrEmpty(e.reason(), String.class))
                    .fetch().rowsUpdated().then();
            case StageEvent.StageCancelled e -> stage("update stages set state = 'CANCELLED', error = :reason, "
                    + "finished_at = :at, updated_at = :at "
                    + "where job_id = :job and name = :stage and state in ('QUEUED', 'RUNNING')", e.jobId(), e.stage(), at)
                    .bind("reason", Parameter.fromOrEmpty(e.reason(), String.class))
                    .fetch().rowsUpdated().then();
            case StageEvent.JobCancelled e -> job("update jobs set state = 'CANCELLED', error = :reason, finished_at = :at, "
                    + "updated_at = :at where id = :job and state in ('QUEUED', 'RUNNING')", e.jobId(), at)
                    .bind("reason", e.reason() == null ? "cancelled" : e.reason())
                    .fetch().rowsUpdated()
                    .then(db.sql("update stages set state = 'CANCELLED', error = :reason, finished_at = :at, updated_at = :at "
                                    + "where job_id = :job and state in ('QUEUED', 'RUNNING')")
                            .bind("job", e.jobId()).bind("at", at)
                            .bind("reason", e.reason() == null ? "cancelled" : e.reason())
                            .fetch().rowsUpdated())
                    .then();
            // the one transition out of an end state: COMPLETED/FAILED/CANCELLED -> QUEUED, for the stages re-run
            case StageEvent.JobRerun e -> job("update jobs set state = 'QUEUED', run = greatest(run, :run), error = null, "
                    + "finished_at = null, updated_at = :at "
                    + "where id = :job and state in ('COMPLETED', 'FAILED', 'CANCELLED') and run < :run", e.jobId(), at)
                    .bind("run", e.run())
                    .fetch().rowsUpdated()
                    .flatMap(n -> n == 0 ? Mono.<Void>empty() : db.sql("update stages set state = 'QUEUED', progress = 0, "
                                    + "error = null, manifest = null, started_at = null, finished_at = null, updated_at = :at "
                                    + "where job_id = :job and name = any(:stages) "
                                    + "and state in ('COMPLETED', 'FAILED', 'SKIPPED', 'CANCELLED')")
                            .bind("job", e.jobId()).bind("at", at)
                            .bind("stages", e.stages().toArray(new String[0]))
                            .fetch().rowsUpdated().then());
            case StageEvent.JobCompleted e -> job("update jobs set state = 'COMPLETED', error = null, "
                    + "started_at = coalesce(started_at, :at), finished_at = :at, updated_at = :at "
                    + "where id = :job and state in ('QUEUED', 'RUNNING')", e.jobId(), at)
                    .fetch().rowsUpdated().then();
            case StageEvent.JobFailed e -> job("update jobs set state = 'FAILED', error = :reason, finished_at = :at, "
                    + "updated_at = :at where id = :job and state in ('QUEUED', 'RUNNING')", e.jobId(), at)
                    .bind("reason", e.reason() == null ? "failed" : e.reason())
                    .fetch().rowsUpdated().then();
            case StageEvent.AssetDeleted e -> Mono.empty();
        };
    }

    private DatabaseClient.GenericExecuteSpec stage(String sql, String jobId, String stage, Instant at) {
        return db.sql(sql).bind("job", jobId).bind("stage", stage).bind("at", at);
    }

    private DatabaseClient.GenericExecuteSpec job(String sql, String jobId, Instant at) {
        return db.sql(sql).bind("job", jobId).bind("at", at);
    }

    private Mono<Void> jobRunning(String jobId, Instant at) {
        return job("update jobs set state = 'RUNNING', started_at = coalesce(started_at, :at), updated_at = :at "
                + "where id = :job and state = 'QUEUED'", jobId, at).fetch().rowsUpdated().then();
    }
}
