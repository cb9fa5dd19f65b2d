package io.reelpipe.pipeline.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * Lifecycle events on {@code reelpipe.events}, keyed by jobId. {@link #eventId()} is deterministic for a given
 * transition so consumers can drop replays.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = StageEvent.StageStarted.class, name = "StageStarted"),
        @JsonSubTypes.Type(value = StageEvent.StageCompleted.class, name = "StageCompleted"),
        @JsonSubTypes.Type(value = StageEvent.StageFailed.class, name = "StageFailed"),
        @JsonSubTypes.Type(value = StageEvent.StageSkipped.class, name = "StageSkipped"),
        @JsonSubTypes.Type(value = StageEvent.JobCompleted.class, name = "JobCompleted"),
        @JsonSubTypes.Type(value = StageEvent.JobFailed.class, name = "JobFailed"),
})
public sealed interface StageEvent {

    int SCHEMA_VERSION = 1;

    String jobId();

    Instant at();

    String eventId();

    record StageStarted(int schemaVersion, String jobId, String stage, String filter, int attempt, String workerId,
                        Instant at) implements StageEvent {
        public String eventId() {
            return jobId + ":" + stage + ":started:" + attempt;
        }
    }

    record StageCompleted(int schemaVersion, String jobId, String stage, String filter, int attempt,
                          StageManifest manifest, Instant at) implements StageEvent {
        public String eventId() {
            return jobId + ":" + stage + ":completed";
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

    record StageSkipped(int schemaVersion, String jobId, String stage, String reason, Instant at) implements StageEvent {
        public String eventId() {
            return jobId + ":" + stage + ":skipped";
        }
    }

    record JobCompleted(int schemaVersion, String jobId, Instant at) implements StageEvent {
        public String eventId() {
            return jobId + ":job:completed";
        }
    }

    record JobFailed(int schemaVersion, String jobId, String reason, Instant at) implements StageEvent {
        public String eventId() {
            return jobId + ":job:failed";
        }
    }
}
