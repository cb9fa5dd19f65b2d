package io.reelpipe.pipeline.status;

import io.reelpipe.pipeline.model.Pipeline;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Job and stage state in Redis ({@code rp:job:{jobId}}), the fast path for status reads and the place where
 * successor dispatch and job completion are decided, once, atomically (Lua).
 */
public interface JobStatusStore {

    /** Records a new job with every stage QUEUED. Idempotent. */
    Mono<Void> createJob(String jobId, String assetId, String tenant, Pipeline pipeline);

    /** The job as Redis knows it; empty when unknown or expired. */
    Mono<Optional<JobSnapshot>> snapshot(String jobId);
}
