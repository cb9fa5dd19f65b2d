package io.reelpipe.pipeline.status;

import io.reelpipe.pipeline.wire.JobState;
import io.reelpipe.pipeline.wire.StageState;

/**
 * A cheap read of one stage.
 *
 * @param jobState       the job's state
 * @param stageState     the stage's state; null when the job has no such stage
 * @param attempt        the attempt Redis recorded for the stage (0 before the first)
 * @param jobError       the job's error, if any
 * @param manifestJson   the stage's manifest once COMPLETED
 * @param published      true once the stage's terminal events were published
 * @param jobPublished   true once the job's terminal event was published
 * @param attemptBase    attempts before the job's latest re-run (0 for the first run): retries count from there
 */
public record StageStatus(JobState jobState, StageState stageState, int attempt, String jobError, String manifestJson,
                          boolean published, boolean jobPublished, int attemptBase) {

    public StageStatus(JobState jobState, StageState stageState, int attempt, String jobError, String manifestJson,
                       boolean published, boolean jobPublished) {
        this(jobState, stageState, attempt, jobError, manifestJson, published, jobPublished, 0);
    }
}
