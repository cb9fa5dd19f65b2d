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
 *       Kafka), {@code condition} ({@code 1} when SKIPPED because its {@code when} was false: counts as done),
 *       {@code task} (the running attempt's StageTask JSON, for the watchdog; removed when the stage ends),
 *       {@code requeues} (times the watchdog re-queued it)</li>
 *   <li>{@code run} (1, then +1 per re-run), {@code template} (a StageTask of the job without upstream manifests:
 *       what a re-run builds its tasks from)</li>
 * </ul>
 * Stream {@code rp:job:{jobId}:stream} entries have the fields {@code kind} ({@code job}, {@code stage} or
 * {@code progress}), {@code stage}, {@code state}, {@code progress}, {@code attempt}, {@code error}, {@code at}.
 */
public final class RedisKeys {
    public static final String PREFIX = "rp:";
    /**
     * Sorted set of the stages that are RUNNING right now, member {@code jobId + "\t" + stage}, score the start time
     * (epoch ms): what the watchdog scans.
     */
    public static final String RUNNING = PREFIX + "running";
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

    /**
     * Lease of one part of a stage's shared work ({@link io.reelpipe.pipeline.filter.SharedWork}): a string holding the
     * claim's owner token, with a TTL the claimant's runtime keeps renewing.
     */
    public static String workLease(String jobId, String workId, String part) {
        return PREFIX + "job:" + jobId + ":work:" + workId + ":lease:" + part;
    }

    /**
     * Hash of the progress of claimed parts of a shared work: part → fraction 0..1 as the claimant last reported it;
     * expires with the job.
     */
    public static String workProgress(String jobId, String workId) {
        return PREFIX + "job:" + jobId + ":work:" + workId + ":progress";
    }

    /** Hash of the done parts of a shared work: part → instance id that completed it; expires with the job. */
    public static String workDone(String jobId, String workId) {
        return PREFIX + "job:" + jobId + ":work:" + workId + ":done";
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

    /** {@code 1} while operators have paused a pool: its runtimes take no new task (new instances start paused). */
    public static String poolPaused(String filter) {
        return PREFIX + "pool:" + filter + ":paused";
    }

    /**
     * Counter of the stages a pool completed in one minute ({@code epochMinute} = epoch seconds / 60), with a TTL of
     * {@link #POOL_COUNTER_TTL_SECONDS}: throughput over the last 1/5/15 minutes is a sum of buckets.
     */
    public static String poolDone(String filter, long epochMinute) {
        return PREFIX + "pool:" + filter + ":done:" + epochMinute;
    }

    /** As {@link #poolDone}, for stages that failed for good (DLQ). */
    public static String poolFailed(String filter, long epochMinute) {
        return PREFIX + "pool:" + filter + ":failed:" + epochMinute;
    }

    /** How long the per-minute counters live. */
    public static final long POOL_COUNTER_TTL_SECONDS = 2 * 3600;
}
