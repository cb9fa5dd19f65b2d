package io.reelpipe.pipeline.status;

import io.reelpipe.pipeline.wire.JobState;
import java.util.List;
import java.util.Optional;

/**
 * What {@link RuntimeStatusStore#fail} or {@link RuntimeStatusStore#cancelStage} decided.
 *
 * @param newlyTerminal false when the stage was terminal before (a replay)
 * @param skipped       dependents this call marked SKIPPED
 * @param jobDecision   the job's final state when this call ended the job
 * @param jobError      the job's error (the first failure's reason)
 */
public record FailureDecision(boolean newlyTerminal, List<String> skipped, Optional<JobState> jobDecision,
                              String jobError, int run) {
    public FailureDecision {
        skipped = List.copyOf(skipped);
    }
}
