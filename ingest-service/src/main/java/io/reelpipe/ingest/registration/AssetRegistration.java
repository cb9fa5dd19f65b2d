package io.reelpipe.ingest.registration;

import io.reelpipe.ingest.IngestProperties;
import io.reelpipe.ingest.asset.AssetRecord;
import io.reelpipe.ingest.asset.AssetRepository;
import io.reelpipe.ingest.job.JobRepository;
import io.reelpipe.ingest.outbox.OutboxMessage;
import io.reelpipe.ingest.outbox.OutboxRelay;
import io.reelpipe.ingest.outbox.OutboxRepository;
import io.reelpipe.ingest.pipeline.PipelineRegistry;
import io.reelpipe.ingest.upload.MediaInspector;
import io.reelpipe.ingest.upload.MediaJson;
import io.reelpipe.ingest.upload.UploadResponse;
import io.reelpipe.ingest.upload.Traceparent;
import io.reelpipe.ingest.web.ApiExceptions;
import io.reelpipe.media.MediaException;
import io.reelpipe.media.MediaInfo;
import io.reelpipe.pipeline.bus.OutboundMessage;
import io.reelpipe.pipeline.model.Pipeline;
import io.reelpipe.pipeline.runtime.JobLauncher;
import io.reelpipe.pipeline.status.JobStatusStore;
import io.reelpipe.pipeline.storage.ObjectStore;
import io.reelpipe.pipeline.wire.JobState;
import io.reelpipe.pipeline.wire.ObjectRef;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The one path from "bytes are stored" to "job queued", shared by every way in (streaming POST, multipart form,
 * tus, direct upload):
 * <ol>
 *   <li>limits: empty → 415, over the tenant's size → 413;</li>
 *   <li>dedupe: the tenant already has a READY asset with this SHA-256 → the new object is deleted and the stored one
 *       reused; a non-failed job of the same pipeline version on it is answered as is ({@code deduplicated}),
 *       else a new job starts on the existing asset (no re-probe);</li>
 *   <li>probe through a presigned URL (not a readable video → 415 with the reason, longer than the tenant's max
 *       duration → 413), object deleted on any refusal;</li>
 *   <li>ONE transaction: asset row, job + stage rows, one outbox row per root stage, and the caller's own writes
 *       (e.g. the tus upload row marked COMPLETED), under an advisory lock on (tenant, sha256) so two identical
 *       uploads at the same time make one asset;</li>
 *   <li>Redis job record, relay kick.</li>
 * </ol>
 */
@Service
public class AssetRegistration {

    private static final Logger log = LoggerFactory.getLogger(AssetRegistration.class);

    private final ObjectStore objects;
    private final MediaInspector inspector;
    private final PipelineRegistry pipelines;
    private final AssetRepository assets;
    private final JobRepository jobs;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final JobStatusStore status;
    private final TransactionalOperator tx;
    private final DatabaseClient db;
    private final IngestProperties props;

    public AssetRegistration(ObjectStore objects, MediaInspector inspector, PipelineRegistry pipelines,
                             AssetRepository assets, JobRepository jobs, OutboxRepository outbox, OutboxRelay relay,
                             JobStatusStore status, TransactionalOperator tx, DatabaseClient db,
                             IngestProperties props) {
        this.objects = objects;
        this.inspector = inspector;
        this.pipelines = pipelines;
        this.assets = assets;
        this.jobs = jobs;
        this.outbox = outbox;
        this.relay = relay;
        this.status = status;
        this.tx = tx;
        this.db = db;
        this.props = props;
    }

    /** Who sent it and what for. {@code tags} travel to the workers as {@code StageTask.metadata}. */
    public record Intake(String tenant, String filename, String title, String pipeline, String contentType,
                         String traceparent, Map<String, String> tags) {
        public Intake {
            tags = tags == null ? Map.of() : Map.copyOf(tags);
        }
    }

    /** Bytes stored completely under {@code key}, with the SHA-256 computed while they streamed in. */
    public record Stored(String assetId, String key, long size, String sha256, String etag) {
    }

    /** Writes the caller wants in the registration transaction (given the result). */
    public interface InTransaction extends Function<UploadResponse, Mono<Void>> {
        InTransaction NONE = r -> Mono.empty();
    }

    /** Registers stored bytes; any refusal deletes the object at {@code stored.key()} and errors with the reason. */
    public Mono<UploadResponse> register(Intake in, Stored stored, InTransaction extra) {
        return Mono.defer(() -> {
            if (stored.size() == 0) {
                return Mono.error(new ApiExceptions.UnsupportedMedia("the file is empty", null));
            }
            long max = props.maxUploadBytes(in.tenant());
            if (stored.size() > max) {
                return Mono.error(new ApiExceptions.UploadTooLarge(max));
            }
            return pipelines.latest(in.pipeline())
                    .flatMap(pipeline -> assets.findReady(in.tenant(), stored.sha256())
                            .flatMap(existing -> reuse(in, stored, pipeline, existing, extra))
                            .switchIfEmpty(Mono.defer(() -> probe(in.tenant(), stored)
                                    .flatMap(info -> commitNew(in, stored, pipeline, info, extra)))));
        }).onErrorResume(e -> deleteQuietly(stored.key()).then(Mono.error(e)));
    }

    /** Checks the limits known before a byte is stored (declared length). */
    public void checkDeclaredSize(String tenant, long declared) {
        long max = props.maxUploadBytes(tenant);
        if (declared > max) {
            throw new ApiExceptions.UploadTooLarge(max);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private Mono<UploadResponse> reuse(Intake in, Stored stored, Pipeline pipeline, AssetRecord existing,
                                       InTransaction extra) {
        Mono<Void> dropNew = existing.sourceKey().equals(stored.key()) ? Mono.empty() : deleteQuietly(stored.key());
        return dropNew.then(jobs.findReusable(existing.id(), pipeline.name(), pipeline.version())
                .flatMap(job -> {
                    UploadResponse r = response(existing.id(), job.id(), pipeline, job.state(), existing.sizeBytes(),
                            existing.sha256(), existing.media(), true);
                    log.atInfo().addKeyValue("assetId", existing.id()).addKeyValue("jobId", job.id())
                            .log("duplicate upload reuses assetId={} jobId={} state={}", existing.id(), job.id(),
                                    job.state());
                    return tx.transactional(extra.apply(r)).thenReturn(r);
                })
                .switchIfEmpty(Mono.defer(() -> {
                    log.atInfo().addKeyValue("assetId", existing.id())
                            .log("duplicate upload reuses assetId={} with a new job of {} v{}", existing.id(),
                                    pipeline.name(), pipeline.version());
                    return launch(in, existing, pipeline, true, null, extra);
                })));
    }

    private Mono<MediaInfo> probe(String tenant, Stored stored) {
        long t0 = System.nanoTime();
        Duration maxDuration = props.maxDuration(tenant);
        return Mono.fromCallable(() -> inspector.inspect(stored.key(), stored.size()))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(props.getProbeTimeout().plusSeconds(5))
                .map(info -> {
                    if (!info.hasVideo()) {
                        throw new ApiExceptions.UnsupportedMedia("this file has no video track", null);
                    }
                    if (info.duration().compareTo(maxDuration) > 0) {
                        throw new ApiExceptions.TooLong(info.duration(), maxDuration);
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

    private Mono<UploadResponse> commitNew(Intake in, Stored stored, Pipeline pipeline, MediaInfo info,
                                           InTransaction extra) {
        Map<String, Object> media = MediaJson.of(info);
        media.put("sizeBytes", stored.size());
        AssetRecord asset = new AssetRecord(stored.assetId(), in.tenant(), in.filename(), in.title(),
                contentType(in), stored.size(), stored.sha256(), objects.bucket(), stored.key(), media,
                AssetRecord.READY, null);
        return launch(in, asset, pipeline, false, stored.etag(), extra)
                .onErrorResume(DuplicateRace.class, race -> reuse(in, stored, pipeline, race.existing, extra));
    }

    /** Signals that an identical upload committed first while this one was probing. */
    private static final class DuplicateRace extends RuntimeException {
        final AssetRecord existing;

        DuplicateRace(AssetRecord existing) {
            super(null, null, false, false);
            this.existing = existing;
        }
    }

    /** ONE transaction: (new asset), job, stages, outbox rows, caller's writes. */
    private Mono<UploadResponse> launch(Intake in, AssetRecord asset, Pipeline pipeline, boolean existingAsset,
                                        String etag, InTransaction extra) {
        String jobId = UUID.randomUUID().toString();
        String traceparent = Traceparent.continueOrStart(in.traceparent());
        ObjectRef source = new ObjectRef(asset.sourceBucket(), asset.sourceKey(), asset.sizeBytes(),
                asset.contentType(), etag);
        Map<String, String> metadata = new LinkedHashMap<>(in.tags());
        if (in.filename() != null) {
            metadata.put("filename", in.filename());
        }
        if (in.title() != null) {
            metadata.put("title", in.title());
        }
        List<OutboundMessage> roots = JobLauncher.rootMessages(jobId, asset.id(), in.tenant(), pipeline, source,
                asset.media(), metadata, traceparent);
        UploadResponse response = response(asset.id(), jobId, pipeline, JobState.QUEUED.name(), asset.sizeBytes(),
                asset.sha256(), asset.media(), existingAsset);

        Mono<Void> assetRow = existingAsset ? Mono.empty()
                : db.sql("select pg_advisory_xact_lock(hashtextextended(:k, 0))")
                        .bind("k", in.tenant() + "/" + asset.sha256()).fetch().rowsUpdated()
                        .then(assets.findReady(in.tenant(), asset.sha256())
                                .flatMap(other -> Mono.<Void>error(new DuplicateRace(other))))
                        .then(assets.insert(asset));
        Mono<Void> writes = assetRow
                .then(jobs.insertQueued(jobId, asset.id(), in.tenant(), pipeline, traceparent))
                .then(Flux.fromIterable(roots)
                        .concatMap(m -> outbox.insert(OutboxMessage.STAGE_TASK, m.topic(), m.key(), m.value(),
                                m.headers()))
                        .then())
                .then(Mono.defer(() -> extra.apply(response)));
        return tx.transactional(writes)
                .then(Mono.defer(() -> existingAsset ? Mono.empty() : writeDescriptor(asset, metadata, pipeline)))
                .then(Mono.defer(() -> status.createJob(jobId, asset.id(), in.tenant(), pipeline)
                        .onErrorResume(e -> {
                            log.warn("redis createJob failed jobId={}; the outbox relay will retry: {}", jobId,
                                    e.toString());
                            return Mono.empty();
                        })))
                .then(Mono.fromRunnable(relay::kick))
                .then(Mono.fromSupplier(() -> {
                    log.atInfo().addKeyValue("assetId", asset.id()).addKeyValue("jobId", jobId)
                            .log("job queued jobId={} assetId={} pipeline={} v{} roots={} dedupe={}", jobId,
                                    asset.id(), pipeline.name(), pipeline.version(), pipeline.roots().size(),
                                    existingAsset);
                    return response;
                }));
    }

    /**
     * {@code {tenant}/{assetId}/asset.json} ({@code ObjectKeys.assetDescriptor}): what the asset is, for read models
     * built from storage alone (catalog-service's rebuild). Best effort: the job runs without it.
     */
    private Mono<Void> writeDescriptor(AssetRecord asset, Map<String, String> metadata, Pipeline pipeline) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("schemaVersion", 1);
        d.put("assetId", asset.id());
        d.put("tenant", asset.tenant());
        d.put("filename", asset.filename());
        d.put("title", asset.title());
        d.put("metadata", metadata);
        d.put("contentType", asset.contentType());
        d.put("sizeBytes", asset.sizeBytes());
        d.put("sha256", asset.sha256());
        d.put("pipeline", pipeline.name());
        d.put("media", asset.media());
        d.put("createdAt", java.time.Instant.now().toString());
        return objects.putBytes(io.reelpipe.pipeline.storage.ObjectKeys.assetDescriptor(asset.tenant(), asset.id()),
                        io.reelpipe.pipeline.wire.WireFormat.writeString(d).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "application/json")
                .then()
                .onErrorResume(e -> {
                    log.warn("asset descriptor not stored assetId={}: {}", asset.id(), e.toString());
                    return Mono.empty();
                });
    }

    private static UploadResponse response(String assetId, String jobId, Pipeline pipeline, String state, long size,
                                           String sha256, Map<String, Object> media, boolean deduplicated) {
        return new UploadResponse(assetId, jobId, pipeline.name(), pipeline.version(), state, size, sha256, media,
                deduplicated, Map.of("job", "/v1/jobs/" + jobId, "asset", "/v1/assets/" + assetId));
    }

    public Mono<Void> deleteQuietly(String key) {
        return objects.delete(key)
                .doOnSuccess(v -> log.info("deleted refused or duplicate upload key={}", key))
                .onErrorResume(e -> {
                    log.error("could not delete refused upload key={}: {}", key, e.toString());
                    return Mono.empty();
                });
    }

    private static String contentType(Intake in) {
        return in.contentType() == null || in.contentType().isBlank() ? "application/octet-stream" : in.contentType();
    }
}
