package io.reelpipe.ingest.job;

import io.r2dbc.spi.Readable;
import io.reelpipe.pipeline.model.Pipeline;
import io.reelpipe.pipeline.model.StageDefinition;
import io.reelpipe.pipeline.wire.JobState;
import io.reelpipe.pipeline.wire.StageState;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@code jobs} and {@code stages} tables. Writes join the caller's transaction. */
@Repository
public class JobRepository {

    private final DatabaseClient db;

    public JobRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Inserts a QUEUED job and a QUEUED row for every stage of its (pinned) pipeline. */
    public Mono<Void> insertQueued(String jobId, String assetId, String tenant, Pipeline pipeline, String traceparent) {
        Mono<Long> job = db.sql("insert into jobs (id, asset_id, tenant, pipeline_name, pipeline_version, state, traceparent) "
                        + "values (:id, :asset, :tenant, :pipeline, :version, :state, :traceparent)")
                .bind("id", jobId).bind("asset", assetId).bind("tenant", tenant)
                .bind("pipeline", pipeline.name()).bind("version", pipeline.version())
                .bind("state", JobState.QUEUED.name())
                .bind("traceparent", Parameter.fromOrEmpty(traceparent, String.class))
                .fetch().rowsUpdated();
        Flux<Long> stages = Flux.fromIterable(pipeline.stages()).concatMap((StageDefinition s) ->
                db.sql("insert into stages (job_id, name, filter, needs, state) values (:job, :name, :filter, :needs, :state)")
                        .bind("job", jobId).bind("name", s.name()).bind("filter", s.filter())
                        .bind("needs", s.needs().toArray(new String[0]))
                        .bind("state", StageState.QUEUED.name())
                        .fetch().rowsUpdated());
        return job.thenMany(stages).then();
    }

    public Mono<JobRecord> find(String jobId) {
        return db.sql("select * from jobs where id = :id").bind("id", jobId).map(JobRepository::job).one();
    }

    public Flux<JobRecord> findByAsset(String assetId) {
        return db.sql("select * from jobs where asset_id = :asset order by created_at, id")
                .bind("asset", assetId).map(JobRepository::job).all();
    }

    /** The newest job of the asset that ran (or runs) this pipeline version and did not fail: dedupe reuses it. */
    public Mono<JobRecord> findReusable(String assetId, String pipelineName, int pipelineVersion) {
        return db.sql("select * from jobs where asset_id = :asset and pipeline_name = :name and pipeline_version = :version "
                        + "and state in ('COMPLETED', 'RUNNING', 'QUEUED') "
                        + "order by (state = 'COMPLETED') desc, created_at desc limit 1")
                .bind("asset", assetId).bind("name", pipelineName).bind("version", pipelineVersion)
                .map(JobRepository::job).one();
    }

    /**
     * One page of a tenant's jobs, newest first, keyset-paginated on (created_at, id): rows strictly after the cursor.
     * Filters are optional. Returns up to {@code limit} rows.
     */
    public Flux<JobRecord> list(String tenant, String state, String assetId, Instant since, Instant cursorCreatedAt,
                                String cursorId, int limit) {
        StringBuilder sql = new StringBuilder("select * from jobs where tenant = :tenant");
        if (state != null) {
            sql.append(" and state = :state");
        }
        if (assetId != null) {
            sql.append(" and asset_id = :asset");
        }
        if (since != null) {
            sql.append(" and created_at >= :since");
        }
        if (cursorCreatedAt != null) {
            sql.append(" and (created_at, id) < (:cc, :cid)");
        }
        sql.append(" order by created_at desc, id desc limit :limit");
        DatabaseClient.GenericExecuteSpec q = db.sql(sql.toString()).bind("tenant", tenant).bind("limit", limit);
        if (state != null) {
            q = q.bind("state", state);
        }
        if (assetId != null) {
            q = q.bind("asset", assetId);
        }
        if (since != null) {
            q = q.bind("since", since);
        }
        if (cursorCreatedAt != null) {
            q = q.bind("cc", cursorCreatedAt).bind("cid", cursorId);
        }
        return q.map(JobRepository::job).all();
    }

    public Flux<StageRecord> stages(String jobId) {
        return db.sql("select * from stages where job_id = :id order by name")
                .bind("id", jobId).map(JobRepository::stage).all();
    }

    static JobRecord job(Readable r) {
        return new JobRecord(
                r.get("id", String.class),
                r.get("asset_id", String.class),
                r.get("tenant", String.class),
                r.get("pipeline_name", String.class),
                r.get("pipeline_version", Integer.class),
                r.get("state", String.class),
                r.get("error", String.class),
                r.get("traceparent", String.class),
                r.get("created_at", Instant.class),
                r.get("updated_at", Instant.class),
                r.get("started_at", Instant.class),
                r.get("finished_at", Instant.class));
    }

    static StageRecord stage(Readable r) {
        String[] needs = r.get("needs", String[].class);
        return new StageRecord(
                r.get("job_id", String.class),
                r.get("name", String.class),
                r.get("filter", String.class),
                needs == null ? List.of() : Arrays.asList(needs),
                r.get("state", String.class),
                r.get("progress", Double.class),
                r.get("attempt", Integer.class),
                r.get("error", String.class),
                r.get("started_at", Instant.class),
                r.get("finished_at", Instant.class),
                r.get("updated_at", Instant.class));
    }
}
