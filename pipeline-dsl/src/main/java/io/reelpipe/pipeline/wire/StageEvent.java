package io.reelpipe.pipeline.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;

/**
 * Lifecycle events on {@code reelpipe.events}, keyed by jobId. {@link #eventId()} is deterministic for a given
 * transition so consumers can drop replays. A job's {@code run} is 1 until it is re-run ({@code JobRerun}), which
 * starts run 2, and so on: events of a later run get new ids (stage events through their attempt, which a re-run
 * raises; job events and skips through the run).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = StageEvent.StageStarted.class, name = "StageStarted"),
        @JsonSubTypes.Type(value = StageEvent.StageCompleted.class, name = "StageCompleted"),
        @JsonSubTypes.Type(value = StageEvent.StageFailed.class, name = "StageFailed"),
        @JsonSubTypes.Type(value = StageEvent.StageSkipped.class, name = "StageSkipped"),
        @JsonSubTypes.Type(value = StageEvent.StageCancelled.class, name = "StageCancelled"),
        @JsonSubTypes.Type(value = StageEvent.JobCompleted.class, name = "JobCompleted"),
        @JsonSubTypes.Type(value = StageEvent.JobFailed.class, name = "JobFailed"),
        @JsonSubTypes.Type(value = StageEvent.JobCancelled.class, name = "JobCancelled"),
        @JsonSubTypes.Type(value = StageEvent.JobRerun.class, name = "JobRerun"),
        @JsonSubTypes.Type(value = StageEvent.AssetDeleted.class, name = "AssetDeleted"),
})
public sealed interface StageEvent {

    int SCHEMA_VERSION = 1;

    String jobId();

    Instant at();

    String eventId();

    /** The id suffix of a run: empty for the first run (ids stay as they were before re-runs existed). */
    static String runSuffix(Integer run) {
        return run == null || run <= 1 ? "" : ":run" + run;
    }

    record StageStarted(int schemaVersion, String jobId, String stage, String filter, int attempt, String workerId,
                        Instant at) implements StageEvent {
        public String eventId() {
            return jobId + ":" + stage + ":started:" + attempt;
        }
    }

    record StageCompleted(int schemaVersion, String jobId, String stage, String filter, int attempt,
                          StageManifest manifest, Instant at) implements StageEvent {
        public String eventId() {
            return jobId + ":" + stage + ":completed:" + attempt;
        }
    }

    /**
     * @param reason    what went wrong, for a person ("this file has no audio track")
     * @param errorType the exception type, for operators
     * @param willRetry true when another attempt is scheduled; false when the stage is FAILED for good
     */
    record StageFailed(int schemaVersion, String jobId, String stage, String filter, int attempt, String reason,
                       String errorType, boolean willRetry, Instant at) implements StageEvent {
        public String eventId() {
            return jobId + ":" + stage + ":failed:" + attempt;
        }
    }

    /**
     * A stage that will not run: a need failed (reason {@code needs X, which failed: …}) or its {@code when} is false
     * for this media ({@code byCondition}; counts as done for its dependants).
     */
    record StageSkipped(int schemaVersion, String jobId, String stage, String reason, Boolean byCondition, Integer run,
                        Instant at) implements StageEvent {
        @JsonCreator
        public StageSkipped {
        }

        public StageSkipped(int schemaVersion, String jobId, String stage, String reason, Instant at) {
            this(schemaVersion, jobId, stage, reason, null, null, at);
        }

        public String eventId() {
            return jobId + ":" + stage + ":skipped" + runSuffix(run);
        }
    }

    /** A stage stopped or dropped because its job was cancelled. */
    record StageCancelled(int schemaVersion, String jobId, String stage, String reason, Integer run, Instant at)
            implements StageEvent {
        public String eventId() {
            return jobId + ":" + stage + ":cancelled" + runSuffix(run);
        }
    }

    record JobCompleted(int schemaVersion, String jobId, Integer run, Instant at) implements StageEvent {
        @JsonCreator
        public JobCompleted {
        }

        public JobCompleted(int schemaVersion, String jobId, Instant at) {
            this(schemaVersion, jobId, null, at);
        }

        public String eventId() {
            return jobId + ":job:completed" + runSuffix(run);
        }
    }

    record JobFailed(int schemaVersion, String jobId, String reason, Integer run, Instant at) implements StageEvent {
        @JsonCreator
        public JobFailed {
        }

        public JobFailed(int schemaVersion, String jobId, String reason, Instant at) {
            this(schemaVersion, jobId, reason, null, at);
        }

        public String eventId() {
            return jobId + ":job:failed" + runSuffix(run);
        }
    }

    /** The job was cancelled ({@code POST /v1/jobs/{id}:cancel}); its unfinished stages were cancelled with it. */
    record JobCancelled(int schemaVersion, String jobId, String reason, List<String> stages, Integer run, Instant at)
            implements StageEvent {
        public String eventId() {
            return jobId + ":job:cancelled" + runSuffix(run);
        }
    }

    /**
     * An asset and everything stored for it were deleted (storage-gateway's {@code DELETE /v1/assets/{id}}, announced
     * here by ingest once it applied it): read models drop it. Not a job event: {@link #jobId()} is null and the
     * record's key is the assetId; {@code jobIds} are the asset's jobs.
     */
    record AssetDeleted(int schemaVersion, String tenant, String assetId, List<String> jobIds, Instant at)
            implements StageEvent {
        public AssetDeleted {
            jobIds = jobIds == null ? List.of() : List.copyOf(jobIds);
        }

        public String jobId() {
            return null;
        }

        public String eventId() {
            return tenant + ":" + assetId + ":asset:deleted";
        }
    }

    /**
     * The job was re-run: {@code stages} went back to QUEUED (with their attempts raised to {@code attempts}), the
     * job to QUEUED, and {@code run} began.
     */
    record JobRerun(int schemaVersion, String jobId, List<String> stages, java.util.Map<String, Integer> attempts,
                    String reason, int run, Instant at) implements StageEvent {
        public String eventId() {
            return jobId + ":job:rerun:" + run;
        }
    }
}
