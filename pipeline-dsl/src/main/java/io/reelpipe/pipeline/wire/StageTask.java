package io.reelpipe.pipeline.wire;

import io.reelpipe.pipeline.model.Pipeline;
import java.time.Instant;
import java.util.Map;

/**
 * The unit of work on {@code reelpipe.stage.<filter>}: everything a worker needs, so workers stay stateless.
 * The compiled pipeline travels with the task as a routing slip: the worker that finishes a stage dispatches
 * its successors from it.
 *
 * @param media       probe results of the source (container, duration, streams…) as plain JSON values
 * @param metadata    upload metadata: filename, title, description, tags
 * @param upstream    manifests of completed stages this stage needs, by stage name
 * @param traceparent W3C trace context of the upload, also sent as a Kafka header
 * @param part        set on a record that offers one part of a running stage's shared work to other instances of
 *                    the pool; null on the stage's own task
 */
public record StageTask(
        int schemaVersion,
        String jobId,
        String assetId,
        String tenant,
        Pipeline pipeline,
        String stage,
        int attempt,
        ObjectRef source,
        Map<String, StageManifest> upstream,
        Map<String, Object> media,
        Map<String, String> metadata,
        String traceparent,
        Instant enqueuedAt,
        TaskPart part) {

    public static final int SCHEMA_VERSION = 1;

    /** A stage's own task (not a part). */
    public StageTask(int schemaVersion, String jobId, String assetId, String tenant, Pipeline pipeline, String stage,
                     int attempt, ObjectRef source, Map<String, StageManifest> upstream, Map<String, Object> media,
                     Map<String, String> metadata, String traceparent, Instant enqueuedAt) {
        this(schemaVersion, jobId, assetId, tenant, pipeline, stage, attempt, source, upstream, media, metadata,
                traceparent, enqueuedAt, null);
    }

    public StageTask {
        upstream = upstream == null ? Map.of() : Map.copyOf(upstream);
        media = media == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(media));
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** The filter that runs this task. */
    public String filter() {
        return pipeline.requireStage(stage).filter();
    }

    public StageTask withAttempt(int next) {
        return new StageTask(schemaVersion, jobId, assetId, tenant, pipeline, stage, next, source, upstream, media,
                metadata, traceparent, Instant.now(), part);
    }

    /** The same task carrying another trace context (the stage span's, for what this stage sends on). */
    public StageTask withTraceparent(String next) {
        return new StageTask(schemaVersion, jobId, assetId, tenant, pipeline, stage, attempt, source, upstream, media,
                metadata, next, enqueuedAt, part);
    }

    /** The record that offers {@code p} of this (running) task's shared work to the pool. */
    public StageTask withPart(TaskPart p) {
        return new StageTask(schemaVersion, jobId, assetId, tenant, pipeline, stage, attempt, source, upstream, media,
                metadata, traceparent, Instant.now(), p);
    }

    /** A task for {@code successor} of the same job, carrying the manifests it needs. */
    public StageTask forStage(String successor, Map<String, StageManifest> manifests) {
        return new StageTask(schemaVersion, jobId, assetId, tenant, pipeline, successor, 1, source, manifests, media,
                metadata, traceparent, Instant.now());
    }
}
