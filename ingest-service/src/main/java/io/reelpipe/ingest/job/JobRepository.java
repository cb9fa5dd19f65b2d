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
