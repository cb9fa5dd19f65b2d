package io.reelpipe.ingest.direct;

import io.r2dbc.postgresql.codec.Json;
import io.reelpipe.ingest.IngestProperties;
import io.reelpipe.ingest.pipeline.PipelineRegistry;
import io.reelpipe.ingest.registration.AssetRegistration;
import io.reelpipe.ingest.storage.S3Multipart;
import io.reelpipe.ingest.upload.UploadResponse;
import io.reelpipe.ingest.web.ApiException;
import io.reelpipe.ingest.web.ApiExceptions;
import io.reelpipe.pipeline.storage.ObjectKeys;
import io.reelpipe.pipeline.wire.WireFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.type.TypeReference;

/**
 * Direct uploads: the client PUTs the bytes straight to object storage through presigned URLs (one PUT, or one URL
 * per part of a multipart upload), then calls {@code complete}. Ingest never sees those bytes on the way in, so at
 * completion it reads the object once to compute its SHA-256 (dedupe) before the usual registration (probe,
 * asset/job/outbox transaction).
 */
@Service
public class DirectUploadService {

    private static final Logger log = LoggerFactory.getLogger(DirectUploadService.class);
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {
    };

    private final DatabaseClient db;
    private final S3Multipart s3;
    private final AssetRegistration registration;
    private final PipelineRegistry pipelines;
    private final IngestProperties props;

    public DirectUploadService(DatabaseClient db, S3Multipart s3, AssetRegistration registration,
                               PipelineRegistry pipelines, IngestProperties props) {
        this.db = db;
        this.s3 = s3;
        this.registration = registration;
        this.pipelines = pipelines;
        this.props = props;
    }

    /** {@code POST /v1/direct-uploads} body. */
    public record CreateRequest(String filename, String title, String pipeline, Long size, String contentType,
                                Map<String, String> tags, Boolean multipart) {
    }

    /** One presigned part URL. */
    public record PartUrl(int partNumber, String url) {
    }

    /** The answer to a creation. */
    public record Created(String uploadId, String method, String url, List<PartUrl> parts, Long partSize,
                          Instant expiresAt, Map<String, String> links) {
    }

    /** {@code complete} body for multipart uploads: the ETag of every part. */
    public record CompleteRequest(List<PartEtag> parts) {
    }

    public record PartEtag(int partNumber, String etag) {
    }

    public Mono<Created> create(String tenant, CreateRequest req, String traceparent) {
        String pipeline = req.pipeline() == null || req.pipeline().isBlank() ? props.getDefaultPipeline()
                : req.pipeline().strip();
        if (req.size() != null) {
            if (req.size() <= 0) {
                return Mono.error(new ApiExceptions.UnsupportedMedia("the file is empty", null));
            }
            registration.checkDeclaredSize(tenant, req.size());
        }
        boolean multipart = Boolean.TRUE.equals(req.multipart())
                || (req.size() != null && req.size() > props.getDirect().getMultipartThreshold().toBytes());
        if (multipart && req.size() == null) {
            return Mono.error(new ApiExceptions.BadRequest("a multipart direct upload needs the size"));
        }
        String id = UUID.randomUUID().toString().replace("-", "");
        String assetId = UUID.randomUUID().toString();
        String key = ObjectKeys.source(tenant, assetId);
        int expiry = (int) props.getDirect().getUrlExpiry().toSeconds();
        Instant expiresAt = Instant.now().plus(props.getDirect().getUrlExpiry());
        return pipelines.latest(pipeline).then(Mono.fromCallable(() -> {
                    if (!multipart) {
                        return new Created(id, "PUT", s3.presignPut(key, expiry, Map.of()), List.of(), null,
                                expiresAt, links(id));
                    }
                    long partSize = Math.max(S3Multipart.MIN_PART_SIZE, props.getDirect().getPartSize().toBytes());
                    long count = (req.size() + partSize - 1) / partSize;
                    if (count > S3Multipart.MAX_PARTS) {
                        partSize = (req.size() + S3Multipart.MAX_PARTS - 1) / S3Multipart.MAX_PARTS;
                        count = (req.size() + partSize - 1) / partSize;
                    }
                    String uploadId = s3.create(key, req.contentType(), Map.of("asset-id", assetId));
                    List<PartUrl> urls = new ArrayList<>();
                    for (int n = 1; n <= count; n++) {
                        urls.add(new PartUrl(n, s3.presignUploadPart(key, uploadId, n, expiry)));
                    }
                    return new Created(id, "MULTIPART:" + uploadId, null, urls, partSize, expiresAt, links(id));
                }).subscribeOn(Schedulers.boundedElastic()))
                .flatMap(c -> {
                    String uploadId = c.method().startsWith("MULTIPART:") ? c.method().substring(10) : null;
                    Created out = new Created(c.uploadId(), uploadId == null ? "PUT" : "MULTIPART", c.url(),
                            c.parts(), c.partSize(), c.expiresAt(), c.links());
                    return db.sql("insert into direct_uploads (id, tenant, asset_id, object_key, method, s3_upload_id, "
                                    + "part_size, part_count, declared_size, content_type, filename, title, pipeline, "
                                    + "metadata, state, traceparent, expires_at) values (:id, :tenant, :asset, :key, "
                                    + ":method, :uploadId, :partSize, :partCount, :size, :ct, :filename, :title, "
                                    + ":pipeline, :metadata, 'PENDING', :tp, :expires)")
                            .bind("id", id).bind("tenant", tenant).bind("asset", assetId).bind("key", key)
                            .bind("method", out.method())
                            .bind("uploadId", Parameter.fromOrEmpty(uploadId, String.class))
                            .bind("partSize", Parameter.fromOrEmpty(out.partSize(), Long.class))
                            .bind("partCount", Parameter.fromOrEmpty(uploadId == null ? null : out.parts().size(),
                                    Integer.class))
                            .bind("size", Parameter.fromOrEmpty(req.size(), Long.class))
                            .bind("ct", Parameter.fromOrEmpty(req.contentType(), String.class))
                            .bind("filename", Parameter.fromOrEmpty(req.filename(), String.class))
                            .bind("title", Parameter.fromOrEmpty(req.title(), String.class))
                            .bind("pipeline", pipeline)
                            .bind("metadata", Json.of(WireFormat.mapper().writeValueAsString(
                                    req.tags() == null ? Map.of() : req.tags())))
                            .bind("tp", Parameter.fromOrEmpty(traceparent, String.class))
                            .bind("expires", expiresAt)
                            .fetch().rowsUpdated().thenReturn(out);
                })
                .doOnNext(c -> log.info("direct upload created id={} tenant={} method={} parts={}", id, tenant,
                        c.method(), c.parts().size()));
    }

    private record Row(String id, String tenant, String assetId, String key, String method, String s3UploadId,
                       Long declaredSize, String contentType, String filename, String title, String pipeline,
                       Map<String, String> tags, String state, String jobId, String traceparent, String reason) {
    }

    private Mono<Row> find(String id, String tenant) {
        return db.sql("select * from direct_uploads where id = :id").bind("id", id)
                .map(r -> new Row(r.get("id", String.class), r.get("tenant", String.class),
                        r.get("asset_id", String.class), r.get("object_key", String.class),
                        r.get("method", String.class), r.get("s3_upload_id", String.class),
                        r.get("declared_size", Long.class), r.get("content_type", String.class),
                        r.get("filename", String.class), r.get("title", String.class),
                        r.get("pipeline", String.class),
                        WireFormat.mapper().readValue(r.get("metadata", Json.class).asString(), STRINGS),
                        r.get("state", String.class), r.get("job_id", String.class),
                        r.get("traceparent", String.class), r.get("reason", String.class)))
                .one()
                .filter(r -> r.tenant().equals(tenant))
                .switchIfEmpty(Mono.error(() -> new ApiExceptions.NotFound("direct upload", id)));
    }

    public Mono<Map<String, Object>> status(String id, String tenant) {
        return find(id, tenant).map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("uploadId", r.id());
            m.put("state", r.state());
            m.put("method", r.method());
            if (r.jobId() != null) {
                m.put("jobId", r.jobId());
                m.put("assetId", r.assetId());
            }
            if (r.reason() != null) {
                m.put("reason", r.reason());
            }
            m.put("links", links(r.id()));
            return m;
        });
    }

    /** Verifies the object (exists, size, SHA-256 by one read), then registers it like any other upload. */
    public Mono<UploadResponse> complete(String id, String tenant, CompleteRequest body) {
        return find(id, tenant).flatMap(r -> {
            if (!"PENDING".equals(r.state())) {
                return Mono.error(new ApiExceptions.Conflict("upload-finished", "the direct upload is "
                        + r.state().toLowerCase() + (r.reason() == null ? "" : ": " + r.reason())));
            }
            return db.sql("update direct_uploads set state = 'COMPLETING', updated_at = now() where id = :id "
                            + "and state = 'PENDING'").bind("id", id).fetch().rowsUpdated()
                    .flatMap(n -> n == 0 ? Mono.error(new ApiExceptions.Locked("the direct upload is being "
                            + "completed by another request")) : Mono.just(n))
                    .then(Mono.fromCallable(() -> verify(r, body)).subscribeOn(Schedulers.boundedElastic()))
                    .flatMap(v -> registration.register(
                            new AssetRegistration.Intake(tenant, r.filename(), r.title(), r.pipeline(),
                                    r.contentType(), r.traceparent(), r.tags()),
                            new AssetRegistration.Stored(r.assetId(), r.key(), v.size(), v.sha256(), v.etag()),
                            res -> db.sql("update direct_uploads set state = 'COMPLETED', job_id = :job, "
                                            + "asset_id = :asset, deduplicated = :d, updated_at = now() where id = :id")
                                    .bind("id", id).bind("job", res.jobId()).bind("asset", res.assetId())
                                    .bind("d", res.deduplicated()).fetch().rowsUpdated().then()))
                    .onErrorResume(e -> {
                        boolean retry = !(e instanceof ApiException ae) || ae.status().is5xxServerError()
                                || e instanceof ApiExceptions.BadRequest;
                        String sql = retry
                                ? "update direct_uploads set state = 'PENDING', updated_at = now() where id = :id"
                                : "update direct_uploads set state = 'FAILED', reason = :reason, updated_at = now() "
                                        + "where id = :id";
                        var spec = db.sql(sql).bind("id", id);
                        if (!retry) {
                            spec = spec.bind("reason", ((ApiException) e).reason());
                        }
                        return spec.fetch().rowsUpdated().then(Mono.error(e));
                    });
        });
    }

    private record Verified(long size, String sha256, String etag) {
    }

    private Verified verify(Row r, CompleteRequest body) throws Exception {
        String etag = null;
        if (r.s3UploadId() != null) {
            if (body == null || body.parts() == null || body.parts().isEmpty()) {
                throw new ApiExceptions.BadRequest("complete a multipart direct upload with the ETag of every part: "
                        + "{\"parts\": [{\"partNumber\": 1, \"etag\": \"...\"}, ...]}");
            }
            List<S3Multipart.PartInfo> parts = body.parts().stream()
                    .sorted(java.util.Comparator.comparingInt(PartEtag::partNumber))
                    .map(p -> new S3Multipart.PartInfo(p.partNumber(), p.etag().replace("\"", ""), -1)).toList();
            try {
                etag = s3.complete(r.key(), r.s3UploadId(), parts);
            } catch (RuntimeException e) {
                if (s3.size(r.key()) < 0) {
                    throw new ApiExceptions.BadRequest("the parts could not be assembled (" + e.getMessage()
                            + "); check the part numbers and ETags");
                }
            }
        }
        long size = s3.size(r.key());
        if (size < 0) {
            throw new ApiExceptions.BadRequest("nothing was uploaded to the presigned URL yet");
        }
        if (r.declaredSize() != null && size != r.declaredSize()) {
            registration.deleteQuietly(r.key()).block();
            throw new ApiExceptions.Conflict("size-mismatch", "the stored object has " + size + " bytes, "
                    + r.declaredSize() + " were announced");
        }
        return new Verified(size, s3.sha256Hex(List.of(r.key())), etag);
    }

    /** Removes expired, never-completed direct uploads (aborts the multipart upload, deletes a PUT object). */
    public Mono<Long> sweep() {
        return db.sql("delete from direct_uploads where state = 'PENDING' and expires_at < now() "
                        + "returning object_key, s3_upload_id")
                .map(r -> new String[] {r.get("object_key", String.class), r.get("s3_upload_id", String.class)})
                .all()
                .concatMap(k -> Mono.fromRunnable(() -> {
                    if (k[1] != null) {
                        s3.abort(k[0], k[1]);
                    }
                }).subscribeOn(Schedulers.boundedElastic()).then(registration.deleteQuietly(k[0])).thenReturn(1L))
                .count();
    }

    private static Map<String, String> links(String id) {
        return Map.of("self", "/v1/direct-uploads/" + id, "complete", "/v1/direct-uploads/" + id + "/complete");
    }
}
