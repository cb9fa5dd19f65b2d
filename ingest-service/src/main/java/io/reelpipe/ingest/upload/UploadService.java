package io.reelpipe.ingest.upload;

import io.reelpipe.ingest.IngestProperties;
import io.reelpipe.ingest.asset.AssetRecord;
import io.reelpipe.ingest.asset.AssetRepository;
import io.reelpipe.ingest.job.JobRepository;
import io.reelpipe.ingest.outbox.OutboxMessage;
import io.reelpipe.ingest.outbox.OutboxRelay;
import io.reelpipe.ingest.outbox.OutboxRepository;
import io.reelpipe.ingest.pipeline.PipelineRegistry;
import io.reelpipe.ingest.web.ApiExceptions;
import io.reelpipe.media.MediaException;
import io.reelpipe.media.MediaInfo;
import io.reelpipe.pipeline.bus.OutboundMessage;
import io.reelpipe.pipeline.model.Pipeline;
import io.reelpipe.pipeline.runtime.JobLauncher;
import io.reelpipe.pipeline.status.JobStatusStore;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.storage.ObjectStore;
import io.reelpipe.pipeline.wire.JobState;
import io.reelpipe.pipeline.wire.ObjectRef;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * An upload, from bytes to a queued job:
 * <ol>
 *   <li>streams the body to {@code {tenant}/{assetId}/source/original} (bounded buffers, multipart for unknown
 *       length), counting and SHA-256-hashing on the way;</li>
 *   <li>probes it through a presigned URL on bounded-elastic; anything that is not a readable video deletes the
 *       object and answers 415 with the reason;</li>
 *   <li>writes asset, job, stages and one outbox row per root stage in ONE transaction;</li>
 *   <li>records the job in Redis and wakes the outbox relay.</li>
 * </ol>
 * A failure at any step before the commit deletes the stored object, so nothing is left half-written.
 */
@Service
public class UploadService {

    private static final Logger log = LoggerFactory.getLogger(UploadService.class);

    private final ObjectStore objects;
    private final MediaInspector inspector;
    private final PipelineRegistry pipelines;
    private final AssetRepository assets;
    private final JobRepository jobs;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final JobStatusStore status;
    private final TransactionalOperator tx;
    private final IngestProperties props;

    public UploadService(ObjectStore objects, MediaInspector inspector, PipelineRegistry pipelines,
                         AssetRepository assets, JobRepository jobs, OutboxRepository outbox, OutboxRelay relay,
                         JobStatusStore status, TransactionalOperator tx, IngestProperties props) {
        this.objects = objects;
        this.inspector = inspector;
        this.pipelines = pipelines;
        this.assets = assets;
        this.jobs = jobs;
        this.outbox = outbox;
        this.relay = relay;
        this.status = status;
        this.tx = tx;
        this.props = props;
    }

    /** Bytes stored under {@code key}. */
    private record Stored(String assetId, String key, ObjectRef ref, long size, String sha256) {
    }

    public Mono<UploadResponse> upload(UploadRequest req, Flux<DataBuffer> body) {
        long max = props.getMaxUploadSize().toBytes();
        if (req.contentLength() > max) {
            return Mono.error(new ApiExceptions.UploadTooLarge(tooLarge(max)));
        }
        if (req.contentLength() == 0) {
            return Mono.error(new ApiExceptions.UnsupportedMedia("the file is empty", null));
        }
        // The pipeline is resolved before a byte is read: an unknown pipeline costs no upload.
        return pipelines.latest(req.pipeline())
                .flatMap(pipeline -> store(req, body, max)
                        .flatMap(stored -> probe(stored)
                                .flatMap(info -> commit(req, pipeline, stored, info))
                                .onErrorResume(e -> deleteQuietly(stored.key()).then(Mono.error(e)))));
    }

    private Mono<Stored> store(UploadRequest req, Flux<DataBuffer> body, long max) {
        String assetId = UUID.randomUUID().toString();
        String key = ObjectKeys.source(req.tenant(), assetId);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("asset-id", assetId);
        meta.put("tenant", req.tenant());
        long t0 = System.nanoTime();
        return Mono.using(
                        () -> new HashingInputStream(DataBufferUtils.subscriberInputStream(body,
                                props.getUploadBufferDemand()), max),
                        (HashingInputStream in) -> objects.put(key, in, req.contentLength(), contentType(req), meta)
                                .map(ref -> new Stored(assetId, key, ref, in.count(), in.sha256Hex()))
                                .onErrorMap(e -> in.exceeded(), e -> new ApiExceptions.UploadTooLarge(tooLarge(max))),
                        HashingInputStream::closeQuietly)
                .onErrorResume(e -> deleteQuietly(key).then(Mono.error(e)))
                .flatMap(stored -> {
                    log.atInfo().addKeyValue("assetId", assetId).addKeyValue("tenant", req.tenant())
                            .log("upload stored assetId={} key={} bytes={} took_ms={}", assetId, key, stored.size(),
                                    (System.nanoTime() - t0) / 1_000_000);
                    if (stored.size() == 0) {
                        return deleteQuietly(key).then(Mono.error(
                                new ApiExceptions.UnsupportedMedia("the file is empty", null)));
                    }
                    return Mono.just(stored);
                });
    }

    private Mono<MediaInfo> probe(Stored stored) {
        long t0 = System.nanoTime();
        return Mono.fromCallable(() -> inspector.inspect(stored.key(), stored.size()))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(props.getProbeTimeout().plusSeconds(5))
                .map(info -> {
                    if (!info.hasVideo()) {
                        throw new ApiExceptions.UnsupportedMedia("this file has no video track", null);
                    }
                    log.atInfo().addKeyValue("assetId", stored.assetId())
                            .log("upload probed assetId={} format={} duration={} took_ms={}", stored.assetId(),
                                    info.formatName(), info.duration(), (System.nanoTime() - t0) / 1_000_000);
                    return info;
                })
                .onErrorMap(MediaException.class, e -> new ApiExceptions.UnsupportedMedia(e.getMessage(), e))
                .onErrorMap(TimeoutException.class, e -> new ApiExceptions.Unavailable(
                        "probing the upload took longer than " + props.getProbeTimeout() + "; please try again", e));
    }

    private Mono<UploadResponse> commit(UploadRequest req, Pipeline pipeline, Stored stored, MediaInfo info) {
        String jobId = UUID.randomUUID().toString();
        String traceparent = Traceparent.continueOrStart(req.traceparent());
        Map<String, Object> media = MediaJson.of(info);
        media.put("sizeBytes", stored.size());
        ObjectRef source = new ObjectRef(stored.ref().bucket(), stored.key(), stored.size(), contentType(req),
                stored.ref().etag());
        Map<String, String> metadata = new LinkedHashMap<>();
        if (req.filename() != null) {
            metadata.put("filename", req.filename());
        }
        if (req.title() != null) {
            metadata.put("title", req.title());
        }
        AssetRecord asset = new AssetRecord(stored.assetId(), req.tenant(), req.filename(), req.title(),
                contentType(req), stored.size(), stored.sha256(), source.bucket(), source.key(), media,
                AssetRecord.READY, null);

        // One outbox row per root stage: the record exactly as it will go to reelpipe.stage.<filter>.
        List<OutboundMessage> roots = JobLauncher.rootMessages(jobId, stored.assetId(), req.tenant(), pipeline, source,
                media, metadata, traceparent);
        Mono<Void> outboxRows = Flux.fromIterable(roots)
                .concatMap(m -> outbox.insert(OutboxMessage.STAGE_TASK, m.topic(), m.key(), m.value(), m.headers()))
                .then();
        Mono<Void> writes = assets.insert(asset)
                .then(jobs.insertQueued(jobId, stored.assetId(), req.tenant(), pipeline, traceparent))
                .then(outboxRows);

        return tx.transactional(writes)
                .then(Mono.defer(() -> status.createJob(jobId, stored.assetId(), req.tenant(), pipeline)
                        .onErrorResume(e -> {
                            // The relay records the job again (idempotently) before it publishes a task.
                            log.warn("redis createJob failed jobId={}; the outbox relay will retry: {}", jobId,
                                    e.toString());
                            return Mono.empty();
                        })))
                .then(Mono.fromRunnable(relay::kick))
                .then(Mono.fromSupplier(() -> {
                    log.atInfo().addKeyValue("assetId", stored.assetId()).addKeyValue("jobId", jobId)
                            .log("job queued jobId={} assetId={} pipeline={} v{} roots={}", jobId, stored.assetId(),
                                    pipeline.name(), pipeline.version(), pipeline.roots().size());
                    return new UploadResponse(stored.assetId(), jobId, pipeline.name(), pipeline.version(),
                            JobState.QUEUED.name(), stored.size(), stored.sha256(), media,
                            Map.of("job", "/v1/jobs/" + jobId, "asset", "/v1/assets/" + stored.assetId()));
                }));
    }

    private Mono<Void> deleteQuietly(String key) {
        return objects.delete(key)
                .doOnSuccess(v -> log.info("deleted rejected upload key={}", key))
                .onErrorResume(e -> {
                    log.error("could not delete rejected upload key={}: {}", key, e.toString());
                    return Mono.empty();
                });
    }

    private static String contentType(UploadRequest req) {
        return req.contentType() == null || req.contentType().isBlank() ? "application/octet-stream" : req.contentType();
    }

    private static String tooLarge(long max) {
        return "the upload is larger than the limit of " + max + " bytes";
    }
}
