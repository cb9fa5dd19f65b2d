package io.reelpipe.pipeline.wire;

/** Job states, identical in Redis and PostgreSQL. */
public enum JobState {
    QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED;

    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
