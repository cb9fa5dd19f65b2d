package io.reelpipe.pipeline.wire;

/** Kafka topic names from DESIGN.md. Keys are always the jobId. */
public final class Topics {
    public static final String EVENTS = "reelpipe.events";
    public static final String DLQ = "reelpipe.dlq";
    public static final String STAGE_PREFIX = "reelpipe.stage.";
    /** Task topics get at least this many partitions so a pool can scale out to as many consumers. */
    public static final int TASK_PARTITIONS = 12;

    private Topics() {
    }

    public static String stage(String filter) {
        return STAGE_PREFIX + filter;
    }

    /** Suffix of a filter's high-priority task topic. */
    public static final String HIGH_SUFFIX = ".high";

    /** The high-priority task topic of a filter: its runtime consumes it together with the normal one and prefers it. */
    public static String stageHigh(String filter) {
        return STAGE_PREFIX + filter + HIGH_SUFFIX;
    }
}
