package io.reelpipe.ingest.tus;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import io.reelpipe.ingest.storage.S3Multipart.PartInfo;
import io.reelpipe.pipeline.wire.WireFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;

/**
 * The {@code tus_uploads} table, including the row lease that serialises PATCH requests: a lock has an owner and an
 * expiry that the holder's heartbeat pushes forward, so the lock of a connection (or process) that died clears
 * itself once it is not renewed.
 */
@Repository
public class TusUploadRepository {

    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<List<PartInfo>> PARTS = new TypeReference<>() {
    };

    private final DatabaseClient db;

    public TusUploadRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> insert(TusUpload u) {
        return db.sql("insert into tus_uploads (id, tenant, asset_id, object_key, length, upload_offset, metadata, "
                        + "metadata_raw, pipeline, content_type, concat_type, concat_parts, state, traceparent, "
                        + "spool_path, expires_at) values (:id, :tenant, :asset, :key, :length, 0, :metadata, :raw, "
                        + ":pipeline, :contentType, :concatType, :concatParts, :state, :traceparent, :spool, :expires)")
                .bind("id", u.id()).bind("tenant", u.tenant()).bind("asset", u.assetId()).bind("key", u.objectKey())
                .bind("length", Parameter.fromOrEmpty(u.length(), Long.class))
                .bind("metadata", Json.of(WireFormat.mapper().writeValueAsString(u.metadata())))
                .bind("raw", Parameter.fromOrEmpty(u.metadataRaw(), String.class))
                .bind("pipeline", u.pipeline())
                .bind("contentType", Parameter.fromOrEmpty(u.contentType(), String.class))
                .bind("concatType", Parameter.fromOrEmpty(u.concatType(), String.class))
                .bind("concatParts", Parameter.fromOrEmpty(
                        u.concatParts() == null ? null : u.concatParts().toArray(new String[0]), String[].class))
                .bind("state", u.state())
                .bind("traceparent", Parameter.fromOrEmpty(u.traceparent(), String.class))
                .bind("spool", Parameter.fromOrEmpty(u.spoolPath(), String.class))
                .bind("expires", u.expiresAt())
                .fetch().rowsUpdated().then();
    }

    public Mono<TusUpload> find(String id) {
        return db.sql("select * from tus_uploads where id = :id").bind("id", id).map(TusUploadRepository::map).one();
    }

    public Flux<TusUpload> findAll(List<String> ids) {
        return db.sql("select * from tus_uploads where id = any(:ids)").bind("ids", ids.toArray(new String[0]))
                .map(TusUploadRepository::map).all();
    }

    /** Takes the lease if it is free or expired; empty when someone else holds it. */
    public Mono<TusUpload> lock(String id, String owner, Duration ttl) {
        return db.sql("update tus_uploads set lock_owner = :owner, lock_expires_at = now() + make_interval(secs => :ttl) "
                        + "where id = :id and (lock_owner is null or lock_expires_at < now()) returning *")
                .bind("id", id).bind("owner", owner).bind("ttl", ttl.toMillis() / 1000.0)
                .map(TusUploadRepository::map).one();
    }

    public Mono<Long> heartbeat(String id, String owner, Duration ttl) {
        return db.sql("update tus_uploads set lock_expires_at = now() + make_interval(secs => :ttl) "
                        + "where id = :id and lock_owner = :owner")
                .bind("id", id).bind("owner", owner).bind("ttl", ttl.toMillis() / 1000.0)
                .fetch().rowsUpdated();
    }

    public Mono<Long> unlock(String id, String owner) {
        return db.sql("update tus_uploads set lock_owner = null, lock_expires_at = null where id = :id and lock_owner = :owner")
                .bind("id", id).bind("owner", owner).fetch().rowsUpdated();
    }

    /** Records the bytes state after a PATCH (only while the caller holds the lock). */
    public Mono<Long> saveProgress(String id, String owner, Long length, PartSink.Snapshot s, Instant expiresAt) {
        return db.sql("update tus_uploads set length = :length, upload_offset = :offset, s3_upload_id = :uploadId, "
                        + "parts = :parts, parts_bytes = :partsBytes, tail_bytes = :tailBytes, sha256_state = :sha, "
                        + "sha256_durable_state = :durable, expires_at = :expires, updated_at = now() "
                        + "where id = :id and lock_owner = :owner")
                .bind("id", id).bind("owner", owner)
                .bind("length", Parameter.fromOrEmpty(length, Long.class))
                .bind("offset", s.offset())
                .bind("uploadId", Parameter.fromOrEmpty(s.uploadId(), String.class))
                .bind("parts", Json.of(WireFormat.mapper().writeValueAsString(s.parts())))
                .bind("partsBytes", s.partsBytes()).bind("tailBytes", s.tailBytes())
                .bind("sha", s.sha256State()).bind("durable", s.sha256DurableState())
                .bind("expires", expiresAt)
                .fetch().rowsUpdated();
    }

    /** Notes the S3 multipart upload as soon as it exists, so it is aborted even if the process dies right after. */
    public Mono<Long> setS3UploadId(String id, String uploadId) {
        return db.sql("update tus_uploads set s3_upload_id = :u, updated_at = now() where id = :id")
                .bind("id", id).bind("u", uploadId).fetch().rowsUpdated();
    }

    public Mono<Long> setLength(String id, long length) {
        return db.sql("update tus_uploads set length = :l, updated_at = now() where id = :id and length is null")
                .bind("id", id).bind("l", length).fetch().rowsUpdated();
    }

    public Mono<Long> markState(String id, String state, String sha256) {
        return db.sql("update tus_uploads set state = :state, sha256 = coalesce(:sha, sha256), updated_at = now() "
                        + "where id = :id")
                .bind("id", id).bind("state", state).bind("sha", Parameter.fromOrEmpty(sha256, String.class))
                .fetch().rowsUpdated();
    }

    public Mono<Long> markCompleted(String id, String assetId, String jobId, boolean deduplicated) {
        return db.sql("update tus_uploads set state = 'COMPLETED', asset_id = :asset, job_id = :job, "
                        + "deduplicated = :dedupe, reason = null, reason_code = null, updated_at = now() where id = :id")
                .bind("id", id).bind("asset", assetId).bind("job", jobId).bind("dedupe", deduplicated)
                .fetch().rowsUpdated();
    }

    public Mono<Long> markFailed(String id, String code, String reason) {
        return db.sql("update tus_uploads set state = 'FAILED', reason_code = :code, reason = :reason, updated_at = now() "
                        + "where id = :id")
                .bind("id", id).bind("code", code).bind("reason", reason).fetch().rowsUpdated();
    }

    public Mono<Long> delete(String id) {
        return db.sql("delete from tus_uploads where id = :id").bind("id", id).fetch().rowsUpdated();
    }

    /** Unfinished, failed, or never-concatenated partial uploads whose expiry passed and that nobody holds. */
    public Flux<TusUpload> expired(int limit) {
        return db.sql("select * from tus_uploads where (state in ('UPLOADING', 'FAILED') or (concat_type = 'partial' "
                        + "and state = 'COMPLETED')) and expires_at < now() "
                        + "and (lock_owner is null or lock_expires_at < now()) order by expires_at limit :limit")
                .bind("limit", limit).map(TusUploadRepository::map).all();
    }

    /** Completions interrupted by a crash (bytes stored, registration not committed) whose lock lapsed. */
    public Flux<TusUpload> stuckCompleting(int limit) {
        return db.sql("select * from tus_uploads where state = 'COMPLETING' and (lock_owner is null or lock_expires_at < now()) "
                        + "and updated_at < now() - interval '10 seconds' limit :limit")
                .bind("limit", limit).map(TusUploadRepository::map).all();
    }

    static TusUpload map(Readable r) {
        Json metadata = r.get("metadata", Json.class);
        Json parts = r.get("parts", Json.class);
        String[] concat = r.get("concat_parts", String[].class);
        Boolean dedupe = r.get("deduplicated", Boolean.class);
        return new TusUpload(
                r.get("id", String.class),
                r.get("tenant", String.class),
                r.get("asset_id", String.class),
                r.get("object_key", String.class),
                r.get("length", Long.class),
                r.get("upload_offset", Long.class),
                metadata == null ? Map.of() : WireFormat.mapper().readValue(metadata.asString(), STRINGS),
                r.get("metadata_raw", String.class),
                r.get("pipeline", String.class),
                r.get("content_type", String.class),
                r.get("concat_type", String.class),
                concat == null ? null : Arrays.asList(concat),
                r.get("s3_upload_id", String.class),
                parts == null ? List.of() : WireFormat.mapper().readValue(parts.asString(), PARTS),
                r.get("parts_bytes", Long.class),
                r.get("tail_bytes", Long.class),
                r.get("spool_path", String.class),
                r.get("sha256_state", byte[].class),
                r.get("sha256_durable_state", byte[].class),
                r.get("sha256", String.class),
                r.get("state", String.class),
                r.get("reason", String.class),
                r.get("reason_code", String.class),
                r.get("job_id", String.class),
                dedupe != null && dedupe,
                r.get("traceparent", String.class),
                r.get("lock_owner", String.class),
                r.get("lock_expires_at", Instant.class),
                r.get("expires_at", Instant.class),
                r.get("created_at", Instant.class));
    }
}
