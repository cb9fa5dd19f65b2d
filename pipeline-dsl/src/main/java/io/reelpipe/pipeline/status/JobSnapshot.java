package io.reelpipe.pipeline.status;

import io.reelpipe.pipeline.wire.JobState;
import java.time.Instant;
import java.util.List;

/** A job's state and every stage's state and progress. */
public record JobSnapshot(String jobId, String assetId, String tenant, String pipeline, int pipelineVersion,
                          JobState state, String error, Instant createdAt, Instant updatedAt, List<StageSnapshot> stages) {
}
