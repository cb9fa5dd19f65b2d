package io.reelpipe.pipeline.runtime;

import io.reelpipe.pipeline.bus.MessageBus;
import io.reelpipe.pipeline.bus.OutboundMessage;
import io.reelpipe.pipeline.model.Pipeline;
import io.reelpipe.pipeline.model.StageDefinition;
import io.reelpipe.pipeline.status.JobStatusStore;
import io.reelpipe.pipeline.wire.ObjectRef;
import io.reelpipe.pipeline.wire.StageTask;
import io.reelpipe.pipeline.wire.TaskMessages;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Starts jobs: the root tasks of a pipeline (its stages without needs) as pure values, and their Kafka records.
 * Ingest puts {@link #rootMessages} into its outbox in the same transaction as the job row, calls
 * {@link JobStatusStore#createJob} and lets the relay publish the records through {@link MessageBus#send(OutboundMessage)}.
 * Every later stage is dispatched by the workers.
 */
public final class JobLauncher {

    private JobLauncher() {
    }

    /** One attempt-1 task per root stage, in pipeline order. */
    public static List<StageTask> rootTasks(String jobId, String assetId, String tenant, Pipeline pipeline,
                                            ObjectRef source, Map<String, Object> media, Map<String, String> metadata,
                                            String traceparent) {
        Instant now = Instant.now();
        return pipeline.roots().stream()
                .map(StageDefinition::name)
                .map(stage -> new StageTask(StageTask.SCHEMA_VERSION, jobId, assetId, tenant, pipeline, stage, 1, source,
                        Map.of(), media, metadata, traceparent, now))
                .toList();
    }

    /** The Kafka records of {@link #rootTasks}: topic {@code reelpipe.stage.<filter>}, key jobId, traceparent header. */
    public static List<OutboundMessage> rootMessages(String jobId, String assetId, String tenant, Pipeline pipeline,
                                                     ObjectRef source, Map<String, Object> media,
                                                     Map<String, String> metadata, String traceparent) {
        return rootTasks(jobId, assetId, tenant, pipeline, source, media, metadata, traceparent).stream()
                .map(TaskMessages::task)
                .toList();
    }

    /** Without an outbox (tests, tools): records the job in Redis, then sends its root tasks. */
    public static Mono<List<StageTask>> launch(MessageBus bus, JobStatusStore status, String jobId, String assetId,
                                              String tenant, Pipeline pipeline, ObjectRef source,
                                              Map<String, Object> media, Map<String, String> metadata,
                                              String traceparent) {
        List<StageTask> tasks = rootTasks(jobId, assetId, tenant, pipeline, source, media, metadata, traceparent);
        return status.createJob(jobId, assetId, tenant, pipeline)
                .thenMany(Flux.fromIterable(tasks).concatMap(t -> bus.send(TaskMessages.task(t))))
                .then(Mono.just(tasks));
    }
}
