package io.reelpipe.pipeline.wire;

/** Stage states, identical in Redis and PostgreSQL. A stage waiting for its needs is QUEUED. */
public enum StageState {
    QUEUED, RUNNING, COMPLETED, FAILED, SKIPPED, CANCELLED;

    public boolean terminal() {
        return this != QUEUED && this != RUNNING;
    }
}
