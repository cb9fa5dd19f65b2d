package io.reelpipe.pipeline.status;

/** What {@link RuntimeStatusStore#markRunning} decided. */
public enum StartDecision {
    /** The stage is now RUNNING for this attempt. */
    STARTED,
    /** The job is COMPLETED, FAILED or CANCELLED: do not run. */
    JOB_TERMINAL,
    /** The stage already completed (a redelivery): do not run, re-publish what may be missing. */
    STAGE_COMPLETED,
    /** The stage already FAILED, was SKIPPED or CANCELLED: do not run. */
    STAGE_TERMINAL,
    /** A later attempt already started or was scheduled: this task is a stale duplicate. */
    STALE_ATTEMPT,
    /** Redis does not know the job (not created yet, or expired). */
    UNKNOWN_JOB,
    /** The job does not have this stage. */
    UNKNOWN_STAGE
}
