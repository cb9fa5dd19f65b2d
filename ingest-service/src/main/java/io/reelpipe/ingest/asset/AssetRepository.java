package io.reelpipe.ingest.asset;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import io.reelpipe.pipeline.wire.WireFormat;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;

/** The {@code assets} table. Writes join the caller's transaction. */
@Repository
public class AssetRepository {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final DatabaseClient db;

    public AssetRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> insert(AssetRecord a) {
        return db.sql("insert into assets (id, tenant, filename, title, content_type, size_bytes, sha256, source_bucket, "
                        + "source_key, media, state) values (:id, :tenant, :filename, :title, :contentType, :size, "
                        + ":sha256, :bucket, :key, :media, :state)")
                .bind("id", a.id())
                .bind("tenant", a.tenant())
                .bind("filename", Parameter.fromOrEmpty(a.filename(), String.class))
                .bind("title", Parameter.fromOrEmpty(a.title(), String.class))
                .bind("contentType", Parameter.fromOrEmpty(a.contentType(), String.class))
                .bind("size", a.sizeBytes())
                .bind("sha256", a.sha256())
                .bind("bucket", a.sourceBucket())
                .bind("key", a.sourceKey())
                .bind("media", Json.of(WireFormat.mapper().writeValueAsString(a.media())))
                .bind("state", a.state())
                .fetch().rowsUpdated().then();
    }

    public Mono<AssetRecord> find(String id) {
        return db.sql("select * from assets where id = :id")
                .bind("id", id)
                .map(AssetRepository::map)
                .one();
    }

    /** The stored asset of {@code tenant} with these bytes, if any (dedupe). */
    public Mono<AssetRecord> findReady(String tenant, String sha256) {
        return db.sql("select * from assets where tenant = :tenant and sha256 = :sha256 and state = 'READY' "
                        + "order by created_at limit 1")
                .bind("tenant", tenant).bind("sha256", sha256)
                .map(AssetRepository::map)
                .one();
    }

    static AssetRecord map(Readable row) {
        Json media = row.get("media", Json.class);
        return new AssetRecord(
                row.get("id", String.class),
                row.get("tenant", String.class),
                row.get("filename", String.class),
                row.get("title", String.class),
                row.get("content_type", String.class),
                row.get("size_bytes", Long.class),
                row.get("sha256", String.class),
                row.get("source_bucket", String.class),
                row.get("source_key", String.class),
                media == null ? Map.of() : WireFormat.mapper().readValue(media.asString(), MAP),
                row.get("state", String.class),
                row.get("created_at", java.time.Instant.class));
    }
}
