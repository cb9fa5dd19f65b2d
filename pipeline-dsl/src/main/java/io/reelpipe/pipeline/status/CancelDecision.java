package io.reelpipe.pipeline.status;

import java.util.List;

/**
 * What {@link RuntimeStatusStore#cancelJob} decided.
 *
 * @param cancelled false when the job is unknown or had already ended
 * @param stages    the stages this call cancelled (they were QUEUED or RUNNING)
 * @param run       the job's run (1 unless it was re-run)
 */
public record CancelDecision(boolean cancelled, List<String> stages, int run) {
    public CancelDecision {
        stages = List.copyOf(stages);
    }
}
