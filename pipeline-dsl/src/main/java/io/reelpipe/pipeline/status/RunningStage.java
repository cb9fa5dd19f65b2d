package io.reelpipe.pipeline.status;

import java.time.Instant;

/** A stage Redis lists as RUNNING (from {@link RedisKeys#RUNNING}) with what the watchdog needs. */
public record RunningStage(String jobId, String stage, String state, String filter, String worker, int attempt,
                           Instant startedAt) {
}
