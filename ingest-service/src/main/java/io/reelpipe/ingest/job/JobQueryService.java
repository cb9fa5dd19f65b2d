package io.reelpipe.ingest.job;

import io.reelpipe.ingest.web.ApiExceptions;
import io.reelpipe.pipeline.status.JobStatusStore;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Job status: Redis first (live progress, written by the workers), PostgreSQL when Redis has nothing (a finished
 * job whose key expired) or cannot be reached.
 */
@Service
public class JobQueryService {

    private static final Logger log = LoggerFactory.getLogger(JobQueryService.class);

    private final JobStatusStore status;
    private final JobRepository jobs;

    public JobQueryService(JobStatusStore status, JobRepository jobs) {
        this.status = status;
        this.jobs = jobs;
    }

    /** The job as {@code tenant} may see it; {@link ApiExceptions.NotFound} otherwise. */
    public Mono<JobView> job(String jobId, String tenant) {
        return status.snapshot(jobId)
                .onErrorResume(e -> {
                    log.warn("redis snapshot failed jobId={}, reading PostgreSQL: {}", jobId, e.toString());
                    return Mono.just(Optional.empty());
                })
                .flatMap(snap -> snap.filter(s -> tenant.equals(s.tenant()))
                        .map(s -> Mono.just(JobView.of(s)))
                        .orElseGet(() -> fromDatabase(jobId, tenant)))
                .switchIfEmpty(Mono.error(() -> new ApiExceptions.NotFound("job", jobId)));
    }

    /** The job as PostgreSQL has it (the materialized view of reelpipe.events). */
    public Mono<JobView> fromDatabase(String jobId, String tenant) {
        return jobs.find(jobId)
                .filter(j -> tenant.equals(j.tenant()))
                .flatMap(j -> jobs.stages(jobId).collectList().map(stages -> JobView.of(j, stages)));
    }
}
