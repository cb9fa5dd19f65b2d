package io.reelpipe.ingest.outbox;

import io.r2dbc.postgresql.codec.Json;
import io.reelpipe.pipeline.wire.WireFormat;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;

/** The {@code outbox} table. {@link #insert} joins the caller's transaction. */
@Repository
public class OutboxRepository {

    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };

    private final DatabaseClient db;

    public OutboxRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Long> insert(String kind, String topic, String key, byte[] payload, Map<String, String> headers) {
        return db.sql("insert into outbox (kind, topic, message_key, payload, headers) "
                        + "values (:kind, :topic, :key, :payload, :headers) returning id")
                .bind("kind", kind).bind("topic", topic).bind("key", key).bind("payload", payload)
                .bind("headers", Json.of(WireFormat.mapper().writeValueAsString(headers)))
                .map(row -> row.get("id", Long.class))
                .one();
    }

    /**
     * Locks up to {@code limit} unsent rows, oldest first, skipping rows another relay holds. Call inside a
     * transaction: the locks last until it ends.
     */
    public Mono<List<OutboxMessage>> claimUnsent(int limit) {
        return db.sql("select id, kind, topic, message_key, payload, headers from outbox where sent_at is null "
                        + "order by id limit :limit for update skip locked")
                .bind("limit", limit)
                .map(row -> new OutboxMessage(
                        row.get("id", Long.class),
                        row.get("kind", String.class),
                        row.get("topic", String.class),
                        row.get("message_key", String.class),
                        row.get("payload", byte[].class),
                        WireFormat.mapper().readValue(row.get("headers", Json.class).asString(), HEADERS)))
                .all()
                .collectList();
    }

    public Mono<Long> markSent(List<Long> ids) {
        if (ids.isEmpty()) {
            return Mono.just(0L);
        }
        return db.sql("update outbox set sent_at = now(), attempts = attempts + 1, last_error = null where id = any(:ids)")
                .bind("ids", ids.toArray(new Long[0]))
                .fetch().rowsUpdated();
    }

    public Mono<Long> markFailed(long id, String error) {
        return db.sql("update outbox set attempts = attempts + 1, last_error = :error where id = :id")
                .bind("id", id).bind("error", error)
                .fetch().rowsUpdated();
    }

    /** Unsent rows, for health and tests. */
    public Mono<Long> countUnsent() {
        return db.sql("select count(*) as n from outbox where sent_at is null")
                .map(row -> row.get("n", Long.class)).one();
    }
}
