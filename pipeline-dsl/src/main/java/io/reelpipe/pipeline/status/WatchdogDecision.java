package io.reelpipe.pipeline.status;

import java.util.List;
import java.util.Optional;
import io.reelpipe.pipeline.wire.JobState;

/**
 * What {@link RuntimeStatusStore#requeueLost} decided.
 *
 * @param outcome     {@code REQUEUED} (send {@code taskJson} again with {@code nextAttempt}), {@code FAILED} (requeues
 *                    exhausted: the stage FAILED, dependants SKIPPED) or {@code GONE} (the stage moved on meanwhile)
 * @param taskJson    the running attempt's StageTask JSON (REQUEUED, FAILED)
 * @param nextAttempt the attempt of the re-queued task
 * @param requeues    times the watchdog re-queued this stage, this time included
 */
public record WatchdogDecision(String outcome, String taskJson, int nextAttempt, int requeues, List<String> skipped,
                               Optional<JobState> jobDecision, String jobError, int run) {
    public WatchdogDecision {
        skipped = List.copyOf(skipped);
    }
}
