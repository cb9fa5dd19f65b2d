package io.reelpipe.pipeline.status;

/**
 * The Redis key layout of DESIGN.md (prefix {@code rp:}), in one place.
 *
 * <p>Job hash {@code rp:job:{jobId}} fields:
 * <ul>
 *   <li>job: {@code jobId, assetId, tenant, pipeline, pipelineVersion, state} ({@link io.reelpipe.pipeline.wire.JobState}),
 *       {@code error} (first failure's reason, or the cancel reason), {@code createdAt, updatedAt, startedAt, endedAt}
 *       (ISO-8601 instants), {@code stages} (stage names, comma separated, pipeline order), {@code published}
 *       ({@code 1} once JobCompleted/JobFailed reached Kafka)</li>
 *   <li>per stage {@code s}, field {@code stage:{s}:<name>}: {@code state} ({@link io.reelpipe.pipeline.wire.StageState}),
 *       {@code progress} (0..1, decimal string), {@code attempt} (last started or scheduled attempt, 0 before the
 *       first), {@code error}, {@code errorType}, {@code updatedAt}, {@code startedAt}, {@code worker} (instance id),
 *       {@code filter}, {@code needs} (comma separated), {@code dispatched} (who claimed the dispatch of this stage:
 *       {@code job} for roots, else the stage whose completion released it; set once, HSETNX),
 *       {@code sent} ({@code 1} once the claimed task reached Kafka), {@code manifest} (StageManifest JSON), {@code published} ({@code 1} once the stage's terminal events reached
 *       Kafka)</li>
 * </ul>
 * Stream {@code rp:job:{jobId}:stream} entries have the fields {@code kind} ({@code job}, {@code stage} or
 * {@code progress}), {@code stage}, {@code state}, {@code progress}, {@code attempt}, {@code error}, {@code at}.
 */
public final class RedisKeys {
    public static final String PREFIX = "rp:";
    /** Hash of filter name to a {@link io.reelpipe.pipeline.model.FilterDescriptor} as JSON. */
    public static final String FILTERS = PREFIX + "filters";

    private RedisKeys() {
    }

    public static String job(String jobId) {
        return PREFIX + "job:" + jobId;
    }

    public static String jobStream(String jobId) {
        return PREFIX + "job:" + jobId + ":stream";
    }

    public static String stageField(String stage, String field) {
        return "stage:" + stage + ":" + field;
    }

    /** Heartbeat hash of one worker instance of a filter's pool, with a TTL. */
    public static String worker(String filter, String instanceId) {
        return PREFIX + "pool:" + filter + ":workers:" + instanceId;
    }

    /** Pattern matching every heartbeat of a pool (for SCAN). */
    public static String workersPattern(String filter) {
        return PREFIX + "pool:" + filter + ":workers:*";
    }

    /** Desired per-instance concurrency of a pool, set by operators. */
    public static String poolConcurrency(String filter) {
        return PREFIX + "pool:" + filter + ":concurrency";
    }
}
