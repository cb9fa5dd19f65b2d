package io.reelpipe.pipeline.status;

import io.reelpipe.pipeline.wire.JobState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A job's state and every stage's state and progress. */
public record JobSnapshot(String jobId, String assetId, String tenant, String pipeline, int pipelineVersion,
                          JobState state, String error, Instant createdAt, Instant updatedAt, List<StageSnapshot> stages) {

    /**
     * The job's progress 0..1: the mean over its stages, where a terminal stage (completed, failed, skipped,
     * cancelled) counts as 1 and a queued or running stage as its own progress. 1.0 once the job ended.
     */
    public double progress() {
        if (state != null && state.terminal() || stages == null || stages.isEmpty()) {
            return state != null && state.terminal() ? 1.0 : 0.0;
        }
        double sum = 0;
        for (StageSnapshot s : stages) {
            sum += s.state() != null && s.state().terminal() ? 1.0 : Math.max(0, Math.min(1, s.progress()));
        }
        return sum / stages.size();
    }

    /** The stage of that name. */
    public Optional<StageSnapshot> stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
