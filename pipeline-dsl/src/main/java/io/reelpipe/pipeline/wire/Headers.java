package io.reelpipe.pipeline.wire;

/** Kafka header names Reelpipe sets (values are UTF-8 strings). */
public final class Headers {
    /** W3C trace context of the upload. */
    public static final String TRACEPARENT = "traceparent";
    public static final String JOB = "reelpipe-job";
    public static final String STAGE = "reelpipe-stage";
    public static final String FILTER = "reelpipe-filter";
    public static final String ATTEMPT = "reelpipe-attempt";
    /** On a record that offers a part of a stage's shared work: {@code workId/part}. */
    public static final String PART = "reelpipe-part";
    public static final String EVENT_TYPE = "reelpipe-event";
    public static final String EVENT_ID = "reelpipe-event-id";
    /** The stage's priority: {@code HIGH}, {@code NORMAL} or {@code LOW}. */
    public static final String PRIORITY = "reelpipe-priority";
    /** DLQ: the reason a person reads. */
    public static final String ERROR = "reelpipe-error";
    /** DLQ: the exception type (or {@code undecodable}). */
    public static final String ERROR_TYPE = "reelpipe-error-type";
    /** DLQ: attempts made. */
    public static final String ATTEMPTS = "reelpipe-attempts";
    /** DLQ: the topic the record came from. */
    public static final String ORIGINAL_TOPIC = "reelpipe-original-topic";

    private Headers() {
    }
}
