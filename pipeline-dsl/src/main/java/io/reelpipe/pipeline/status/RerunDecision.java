package io.reelpipe.pipeline.status;

import java.util.List;
import java.util.Map;

/**
 * What {@link RuntimeStatusStore#rerun} decided.
 *
 * @param outcome  {@code OK}, {@code UNKNOWN_JOB} (not in Redis any more) or {@code NOT_TERMINAL} (the job still runs)
 * @param run      the new run number
 * @param attempts every reset stage with the attempt its next task must carry (earlier attempts are stale)
 * @param dispatch the reset stages whose needs are all done: their tasks must be sent now
 */
public record RerunDecision(String outcome, int run, Map<String, Integer> attempts, List<String> dispatch) {
    public RerunDecision {
        attempts = Map.copyOf(attempts);
        dispatch = List.copyOf(dispatch);
    }

    public boolean ok() {
        return "OK".equals(outcome);
    }
}
