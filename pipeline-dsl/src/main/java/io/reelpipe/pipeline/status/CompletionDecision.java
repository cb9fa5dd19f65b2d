package io.reelpipe.pipeline.status;

import io.reelpipe.pipeline.wire.JobState;
import java.util.List;
import java.util.Optional;

/**
 * What {@link RuntimeStatusStore#complete} decided.
 *
 * @param newlyCompleted false for a replay (the stage was COMPLETED before)
 * @param rejected       true when the stage was already FAILED, SKIPPED or CANCELLED: nothing changed
 * @param successors     successors whose task this call must send (claimed now, or claimed earlier and never sent)
 * @param jobDecision    the job's final state when this call ended the job
 * @param jobError       the job's error when it ended FAILED (the first failure's reason)
 */
public record CompletionDecision(boolean newlyCompleted, boolean rejected, List<String> successors,
                                 Optional<JobState> jobDecision, String jobError) {
    public CompletionDecision {
        successors = List.copyOf(successors);
    }
}
