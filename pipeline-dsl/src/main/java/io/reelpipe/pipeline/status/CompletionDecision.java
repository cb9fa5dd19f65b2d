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
 * @param attempts       the attempt each successor's task must carry (1, or higher after a re-run)
 * @param run            the job's run (1 unless re-run)
 */
public record CompletionDecision(boolean newlyCompleted, boolean rejected, List<String> successors,
                                 Optional<JobState> jobDecision, String jobError, java.util.Map<String, Integer> attempts,
                                 int run) {
    public CompletionDecision {
        successors = List.copyOf(successors);
        attempts = java.util.Map.copyOf(attempts);
    }

    public int attemptOf(String successor) {
        return attempts.getOrDefault(successor, 1);
    }
}
